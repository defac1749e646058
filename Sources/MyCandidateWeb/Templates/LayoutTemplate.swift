extension Templates {
    /// The page frame every page inherits: header, footer and the site's colours.
    static let layout = #"""
<!doctype html>
<html lang="{{chrome.language}}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{$title}}{{chrome.siteTitle}}{{/title}}</title>
{{! An empty data: icon stops browsers asking for /favicon.ico when the site sets none. }}
<link rel="icon" href="{{chrome.faviconLink}}{{^chrome.faviconLink}}data:,{{/chrome.faviconLink}}">
<link rel="stylesheet" href="{{chrome.stylesheetPath}}">
</head>
<body>
<a class="skip" href="{{chrome.skipTarget}}">{{t.skipToContent}}</a>
<header><a href="{{chrome.homePath}}"><strong>{{chrome.siteTitle}}</strong></a> · <a href="{{chrome.partiesPath}}">{{t.partiesTitle}}</a></header>
<main id="content">
{{$content}}{{/content}}
</main>
<footer>
{{#chrome.organizationName}}<p>{{#chrome.organizationLink}}<a href="{{chrome.organizationLink}}">{{/chrome.organizationLink}}{{chrome.organizationName}}{{#chrome.organizationLink}}</a>{{/chrome.organizationLink}}{{#chrome.partnerName}} · {{t.withPartner}} {{#chrome.partnerWebsite}}<a href="{{chrome.partnerWebsite}}">{{/chrome.partnerWebsite}}{{chrome.partnerName}}{{#chrome.partnerWebsite}}</a>{{/chrome.partnerWebsite}}{{/chrome.partnerName}}</p>
{{/chrome.organizationName}}
{{#chrome.versionLine}}<p>{{chrome.versionLine}} <a href="{{chrome.aboutPath}}">{{t.aboutThisData}}</a></p>
{{/chrome.versionLine}}
<nav aria-label="{{t.languageLabel}}"><p>{{t.languageLabel}}:{{#chrome.languages}} <a href="{{path}}" lang="{{code}}" hreflang="{{code}}"{{#isCurrent}} aria-current="true"{{/isCurrent}}>{{name}}</a>{{/chrome.languages}}</p></nav>
</footer>
</body>
</html>
"""#
}
