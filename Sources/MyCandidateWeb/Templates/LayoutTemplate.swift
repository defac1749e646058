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
<style>
:root{ {{chrome.colourProperties}} }
body{margin:0;font:16px/1.5 system-ui,sans-serif;color:var(--fg);background:var(--bg)}
header,footer{padding:.75rem 1rem;color:#fff}
header{background:var(--nav)}footer{background:var(--footer);margin-top:2rem;font-size:.9rem}
header a,footer a{color:#fff}
main{max-width:48rem;margin:0 auto;padding:0 1rem}
.candidate{color:var(--names);font-weight:600}
button{background:var(--button);color:#fff;border:0;padding:.5rem 1rem;border-radius:.25rem;font:inherit}
select{font:inherit;max-width:100%}
ol.parties,ul.candidates{padding-left:0;list-style:none}
ol.parties>li,ul.candidates>li{border-bottom:1px solid #ddd;padding:.5rem 0}
.muted{color:#555;font-size:.9rem}
</style>
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
