extension Templates {
    /// `/about`: which dataset version is live, when it was published, and its source files.
    static let about = #"""
{{<layout}}
{{$title}}{{t.aboutThisData}} · {{chrome.siteTitle}}{{/title}}
{{$content}}
<h1>{{t.aboutThisData}}</h1>
<p>{{page.intro}} {{page.published}} {{page.imported}}</p>
<h2>{{t.countsHeading}}</h2>
<p>{{page.counts}}</p>
<h2>{{t.sourceFiles}}</h2>
<table>
<thead><tr><th scope="col">{{t.fileHeader}}</th><th scope="col">{{t.sha256Header}}</th></tr></thead>
<tbody>
{{#page.sources}}<tr><td>{{file}}</td><td><code>{{sha256}}</code></td></tr>
{{/page.sources}}
</tbody>
</table>
{{/content}}
{{/layout}}
"""#
}
