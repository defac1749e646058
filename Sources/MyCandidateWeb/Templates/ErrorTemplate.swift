extension Templates {
    /// 4xx and 5xx pages, in the site's style.
    static let error = #"""
{{<layout}}
{{$title}}{{page.heading}} · {{chrome.siteTitle}}{{/title}}
{{$content}}
<h1>{{page.heading}}</h1>
<p>{{page.message}}</p>
<p><a href="{{chrome.homePath}}">{{t.backToStart}}</a></p>
{{/content}}
{{/layout}}
"""#
}
