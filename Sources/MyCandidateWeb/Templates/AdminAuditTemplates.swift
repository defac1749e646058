extension Templates {
    /// `/admin/audit`: who did what in the admin area and on the command line, newest first.
    static let adminAudit = #"""
{{<adminLayout}}
{{$title}}Audit log{{/title}}
{{$content}}
<h1>Audit log</h1>
<p>Every sign-in, sign-out and change made in the admin area or with the <code>mycandidate</code> command, newest first. Times are UTC. <a href="{{page.csvPath}}">Download the whole log as CSV</a></p>
{{^page.hasEntries}}<p>{{#page.newestPath}}No older entries.{{/page.newestPath}}{{^page.newestPath}}Nothing has been recorded yet.{{/page.newestPath}}</p>{{/page.hasEntries}}
{{#page.hasEntries}}
<table>
<thead><tr><th scope="col">Time (UTC)</th><th scope="col">Who</th><th scope="col">Action</th><th scope="col">Detail</th><th scope="col">From</th></tr></thead>
<tbody>
{{#page.rows}}<tr><td><time datetime="{{time}}">{{time}}</time></td><td>{{actor}}</td><td>{{action}}</td><td>{{detail}}</td><td>{{client}}</td></tr>
{{/page.rows}}
</tbody>
</table>
{{/page.hasEntries}}
{{#page.olderPath}}<p><a href="{{page.olderPath}}" rel="next">Older entries</a></p>{{/page.olderPath}}
{{#page.newestPath}}<p><a href="{{page.newestPath}}">Newest entries</a></p>{{/page.newestPath}}
{{/content}}
{{/adminLayout}}
"""#
}
