extension Templates {
    /// The page frame every page inherits: header, footer and the site's colours.
    static let layout = #"""
<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{$title}}{{chrome.siteTitle}}{{/title}}</title>
{{#chrome.faviconLink}}<link rel="icon" href="{{chrome.faviconLink}}">
{{/chrome.faviconLink}}
<link rel="stylesheet" href="{{chrome.stylesheetPath}}">
</head>
<body>
<header><a href="{{chrome.homePath}}"><strong>{{chrome.siteTitle}}</strong></a></header>
<main>
{{$content}}{{/content}}
</main>
<footer>
{{#chrome.organizationName}}<p>{{#chrome.organizationLink}}<a href="{{chrome.organizationLink}}">{{/chrome.organizationLink}}{{chrome.organizationName}}{{#chrome.organizationLink}}</a>{{/chrome.organizationLink}}{{#chrome.partnerName}} · with {{#chrome.partnerWebsite}}<a href="{{chrome.partnerWebsite}}">{{/chrome.partnerWebsite}}{{chrome.partnerName}}{{#chrome.partnerWebsite}}</a>{{/chrome.partnerWebsite}}{{/chrome.partnerName}}</p>
{{/chrome.organizationName}}
{{#chrome.datasetVersion}}<p>Candidate list version {{chrome.datasetVersion}}{{#chrome.publishedAt}}, published {{chrome.publishedAt}}{{/chrome.publishedAt}}.</p>
{{/chrome.datasetVersion}}
</footer>
</body>
</html>
"""#
}
