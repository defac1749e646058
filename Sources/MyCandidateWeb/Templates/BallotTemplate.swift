extension Templates {
    /// `/ballots/{ballot}`: a plain list of the ballot's areas, for long lists and no JavaScript.
    static let ballot = #"""
{{<layout}}
{{$title}}{{page.title}} · {{chrome.siteTitle}}{{/title}}
{{$content}}
<h1>{{page.title}}</h1>
{{#page.explainer}}<p>{{page.explainer}}</p>{{/page.explainer}}
<p>{{page.prompt}}</p>
<ul>
{{#page.areas}}<li><a href="{{path}}">{{label}}</a></li>
{{/page.areas}}
</ul>
{{/content}}
{{/layout}}
"""#
}
