extension Templates {
    /// `/search?q=`: areas of every ballot matching a name or code, each linking to what a
    /// voter there receives. Works without JavaScript.
    static let search = #"""
{{<layout}}
{{$title}}{{page.title}} · {{chrome.siteTitle}}{{/title}}
{{$content}}
<p class="muted"><a href="{{chrome.homePath}}">{{t.home}}</a></p>
<h1>{{page.heading}}</h1>
{{#page.form}}{{>searchForm}}{{/page.form}}
{{#page.summary}}<p>{{page.summary}}</p>
{{/page.summary}}
{{#page.hasResults}}
<ul class="search-results">
{{#page.results}}<li><a href="{{path}}"{{#chrome.embedded}} target="_self"{{/chrome.embedded}}>{{name}}</a> <span class="muted">· {{context}} · {{ballots}}</span></li>
{{/page.results}}
</ul>
{{/page.hasResults}}
{{/content}}
{{/layout}}
"""#
}
