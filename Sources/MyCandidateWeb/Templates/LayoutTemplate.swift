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
{{#chrome.analyticsID}}
<script async src="{{chrome.analyticsLoaderURL}}"></script>
<script src="{{chrome.analyticsScriptPath}}" data-id="{{chrome.analyticsID}}" defer></script>
{{/chrome.analyticsID}}
{{#chrome.embedded}}
{{! Only embed pages may be framed, so every link out of one opens in the partner's window. }}
<base target="_top">
<script src="{{chrome.embedScriptPath}}" defer></script>
{{/chrome.embedded}}
</head>
<body>
<a class="skip" href="{{chrome.skipTarget}}" target="_self">{{t.skipToContent}}</a>
{{^chrome.embedded}}
<header><a href="{{chrome.homePath}}"><strong>{{chrome.siteTitle}}</strong></a> · <a href="{{chrome.partiesPath}}">{{t.partiesTitle}}</a> · <a href="{{chrome.insightsPath}}">{{t.insightsTitle}}</a></header>
{{/chrome.embedded}}
<main id="content">
{{$content}}{{/content}}
</main>
<footer>
{{#chrome.embedded}}<p><a href="{{chrome.fullSitePath}}">{{chrome.siteTitle}}</a></p>
{{/chrome.embedded}}
{{^chrome.embedded}}
{{#chrome.organizationName}}<p>{{#chrome.organizationLink}}<a href="{{chrome.organizationLink}}">{{/chrome.organizationLink}}{{chrome.organizationName}}{{#chrome.organizationLink}}</a>{{/chrome.organizationLink}}{{#chrome.partnerName}} · {{t.withPartner}} {{#chrome.partnerWebsite}}<a href="{{chrome.partnerWebsite}}">{{/chrome.partnerWebsite}}{{chrome.partnerName}}{{#chrome.partnerWebsite}}</a>{{/chrome.partnerWebsite}}{{/chrome.partnerName}}</p>
{{/chrome.organizationName}}
{{#chrome.versionLine}}<p>{{chrome.versionLine}} <a href="{{chrome.aboutPath}}">{{t.aboutThisData}}</a></p>
{{/chrome.versionLine}}
<p><a href="{{chrome.embedCodePath}}">{{t.embedThisSite}}</a></p>
{{/chrome.embedded}}
<nav aria-label="{{t.languageLabel}}"><p>{{t.languageLabel}}:{{#chrome.languages}} <a href="{{path}}" lang="{{code}}" hreflang="{{code}}"{{#chrome.embedded}} target="_self"{{/chrome.embedded}}{{#isCurrent}} aria-current="true"{{/isCurrent}}>{{name}}</a>{{/chrome.languages}}</p></nav>
</footer>
</body>
</html>
"""#
}
