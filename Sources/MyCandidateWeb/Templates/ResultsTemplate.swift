extension Templates {
    /// `/ballots/{ballot}/areas/{area}`: who stands on one ballot in one area.
    static let results = #"""
{{<layout}}
{{$title}}{{page.ballotTitle}}: {{page.areaName}} · {{chrome.siteTitle}}{{/title}}
{{$content}}
<p class="muted"><a href="{{chrome.homePath}}">Home</a> › <a href="{{page.ballotPath}}">{{page.ballotTitle}}</a>{{#page.trail}} › {{name}}{{/page.trail}}</p>
<h1>{{page.ballotTitle}}: {{page.areaName}}</h1>
{{#page.explainer}}<p>{{page.explainer}}</p>{{/page.explainer}}
<p>{{page.summary}}</p>
{{#page.isPartyList}}
<ol class="parties">
{{#page.parties}}
<li>
<h2>{{name}}{{#abbreviation}} ({{abbreviation}}){{/abbreviation}}</h2>
<p><span class="candidate">{{headline.name}}</span>{{#headline.position}} <span class="muted">· list position {{headline.position}}</span>{{/headline.position}}</p>
{{#hasOthers}}
<details>
<summary>{{othersCount}} more on this list</summary>
<ol class="muted">
{{#others}}<li value="{{position}}">{{name}}</li>
{{/others}}
</ol>
</details>
{{/hasOthers}}
</li>
{{/page.parties}}
</ol>
{{/page.isPartyList}}
{{^page.isPartyList}}
<ul class="candidates">
{{#page.candidates}}<li><span class="candidate">{{name}}</span> <span class="muted">· {{party}}</span></li>
{{/page.candidates}}
</ul>
{{/page.isPartyList}}
{{/content}}
{{/layout}}
"""#
}
