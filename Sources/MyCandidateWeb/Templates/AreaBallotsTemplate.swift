extension Templates {
    /// `/areas/{area}`: every ballot a voter in one area receives, on one page.
    static let areaBallots = #"""
{{<layout}}
{{$title}}{{page.title}} · {{chrome.siteTitle}}{{/title}}
{{$content}}
<p class="muted"><a href="{{chrome.homePath}}"{{#chrome.embedded}} target="_self"{{/chrome.embedded}}>{{t.home}}</a>{{#page.trail}} › {{name}}{{/page.trail}}</p>
<h1>{{page.heading}}</h1>
<p>{{page.summary}}</p>
{{#page.sections}}
<section>
<h2><a href="{{resultsPath}}"{{#chrome.embedded}} target="_self"{{/chrome.embedded}}>{{ballotTitle}}</a>{{#isWider}} <span class="muted">· {{areaName}}</span>{{/isWider}}</h2>
{{#explainer}}<p>{{explainer}}</p>{{/explainer}}
{{#listing}}{{>listing}}{{/listing}}
</section>
{{/page.sections}}
{{/content}}
{{/layout}}
"""#
}
