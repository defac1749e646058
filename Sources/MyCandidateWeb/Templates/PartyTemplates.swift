extension Templates {
    /// `/parties`: every party and how many candidates it fields.
    static let parties = #"""
{{<layout}}
{{$title}}{{t.partiesTitle}} · {{chrome.siteTitle}}{{/title}}
{{$content}}
<h1>{{t.partiesTitle}}</h1>
<table>
<thead><tr><th scope="col">{{t.partyHeader}}</th><th scope="col">{{t.candidatesHeader}}</th></tr></thead>
<tbody>
{{#page.rows}}<tr><td><a href="{{path}}">{{name}}</a>{{#abbreviation}} ({{abbreviation}}){{/abbreviation}}</td><td>{{candidates}}</td></tr>
{{/page.rows}}
</tbody>
</table>
{{/content}}
{{/layout}}
"""#

    /// `/parties/{party}`: where one party stands.
    static let party = #"""
{{<layout}}
{{$title}}{{page.name}} · {{chrome.siteTitle}}{{/title}}
{{$content}}
<p class="muted"><a href="{{chrome.homePath}}">{{t.home}}</a> › <a href="{{chrome.partiesPath}}">{{t.partiesTitle}}</a></p>
<h1>{{page.name}}{{#page.abbreviation}} ({{page.abbreviation}}){{/page.abbreviation}}</h1>
<h2>{{page.heading}}</h2>
<p>{{page.summary}}</p>
<table>
<thead><tr><th scope="col">{{t.ballotHeader}}</th><th scope="col">{{t.areaHeader}}</th><th scope="col">{{t.candidatesHeader}}</th></tr></thead>
<tbody>
{{#page.rows}}<tr><td>{{ballotTitle}}</td><td><a href="{{path}}">{{areaName}}</a></td><td>{{candidates}}</td></tr>
{{/page.rows}}
</tbody>
</table>
{{/content}}
{{/layout}}
"""#

    /// `/ballots/{ballot}/areas/{area}/parties/{party}`: one party's whole list in one area.
    static let partyList = #"""
{{<layout}}
{{$title}}{{page.title}} · {{chrome.siteTitle}}{{/title}}
{{$content}}
<p class="muted"><a href="{{chrome.homePath}}">{{t.home}}</a> › <a href="{{page.resultsPath}}">{{page.ballotTitle}}</a></p>
<h1><a href="{{page.partyPath}}">{{page.title}}</a></h1>
<ol class="muted">
{{#page.candidates}}<li{{#position}} value="{{position}}"{{/position}}>{{#link}}<a href="{{link}}" rel="noopener noreferrer">{{/link}}{{name}}{{#link}}</a>{{/link}}</li>
{{/page.candidates}}
</ol>
<p><a href="{{page.resultsPath}}">{{page.backLabel}}</a></p>
{{/content}}
{{/layout}}
"""#
}
