extension Templates {
    /// `/ballots/{ballot}/areas/{area}`: who stands on one ballot in one area.
    static let results = #"""
{{<layout}}
{{$title}}{{page.ballotTitle}}: {{page.areaName}} · {{chrome.siteTitle}}{{/title}}
{{$content}}
<p class="muted"><a href="{{chrome.homePath}}"{{#chrome.embedded}} target="_self"{{/chrome.embedded}}>{{t.home}}</a> › <a href="{{page.ballotPath}}">{{page.ballotTitle}}</a>{{#page.trail}} › {{name}}{{/page.trail}}</p>
<h1>{{page.ballotTitle}}: {{page.areaName}}</h1>
{{#page.explainer}}<p>{{page.explainer}}</p>{{/page.explainer}}
<h2>{{t.candidatesHeading}}</h2>
{{#page.listing}}{{>listing}}{{/page.listing}}
{{#page.allBallots}}<p><a href="{{path}}"{{#chrome.embedded}} target="_self"{{/chrome.embedded}}>{{label}}</a></p>{{/page.allBallots}}
{{/content}}
{{/layout}}
"""#
}
