extension Templates {
    /// `/admin/upload`: a whole dataset (workbook and its CSV files) or one ballot's CSV files.
    static let adminUpload = #"""
{{<adminLayout}}
{{$title}}Upload a candidate list{{/title}}
{{$content}}
<h1>Upload a candidate list</h1>
{{#page.error}}<div role="alert"><p><strong>{{page.error}}</strong></p>
{{#page.hasProblems}}<table>
<caption>Problems found</caption>
<thead><tr><th scope="col">File</th><th scope="col">Row</th><th scope="col">Column</th><th scope="col">Problem</th></tr></thead>
<tbody>
{{#page.problems}}<tr><td>{{file}}</td><td>{{row}}</td><td>{{column}}</td><td>{{reason}}</td></tr>
{{/page.problems}}
</tbody>
</table>{{/page.hasProblems}}</div>{{/page.error}}
<p>Nothing is published by an upload: the files are checked and stored as a draft, and you see
what it would change before you publish it. Files up to {{page.maxMegabytes}} MB in all.</p>
<h2 id="whole-dataset">A whole dataset</h2>
<form method="post" action="{{page.uploadPath}}" enctype="multipart/form-data" aria-labelledby="whole-dataset">
<input type="hidden" name="csrf_token" value="{{page.csrfToken}}">
<input type="hidden" name="kind" value="workbook">
<p><label for="workbook-files">The seed workbook (.xlsx) and the CSV files it names</label><br>
<input id="workbook-files" name="files" type="file" multiple required accept=".xlsx,.csv"></p>
<p><input id="workbook-title-case" name="title_case" type="checkbox"> <label for="workbook-title-case">Title-case names written entirely in capitals</label></p>
<p><button type="submit">Upload and check</button></p>
</form>
<h2 id="one-ballot">One ballot</h2>
<form method="post" action="{{page.uploadPath}}" enctype="multipart/form-data" aria-labelledby="one-ballot">
<input type="hidden" name="csrf_token" value="{{page.csrfToken}}">
<input type="hidden" name="kind" value="ballot">
<p>The CSV files replace this ballot in the published dataset; everything else stays.</p>
<p><label for="ballot-key">Ballot key</label><br><input id="ballot-key" name="ballot" required list="ballot-keys" autocomplete="off">
<datalist id="ballot-keys">{{#page.ballots}}<option value="{{key}}">{{title}}</option>{{/page.ballots}}</datalist></p>
<p><label for="area-column">Area code column (its header)</label><br><input id="area-column" name="area_column" required></p>
<p><label for="area-name-column">Area name column (optional)</label><br><input id="area-name-column" name="area_name_column"></p>
<p><label for="level">Area level (optional, e.g. ward)</label><br><input id="level" name="level"></p>
<p><label for="ballot-files">CSV files</label><br><input id="ballot-files" name="files" type="file" multiple required accept=".csv"></p>
<p><input id="ballot-title-case" name="title_case" type="checkbox"> <label for="ballot-title-case">Title-case names written entirely in capitals</label></p>
<p><button type="submit">Upload and check</button></p>
</form>
{{/content}}
{{/adminLayout}}
"""#

    /// `/admin/versions/{id}`: what a version holds and would change, with Publish and Discard.
    static let adminReview = #"""
{{<adminLayout}}
{{$title}}Version {{page.id}}{{/title}}
{{$content}}
<h1>Version {{page.id}} <small>({{page.status}})</small></h1>
<p>Imported {{page.created}}{{#page.importedBy}} by {{page.importedBy}}{{/page.importedBy}}: {{page.counts.ballots}} ballots, {{page.counts.areas}} areas, {{page.counts.parties}} parties, {{page.counts.candidates}} candidates.
Sources: {{page.sources}}.</p>
<table>
<caption>Ballots</caption>
<thead><tr><th scope="col">Ballot</th><th scope="col">Areas</th><th scope="col">Parties</th><th scope="col">Candidates</th></tr></thead>
<tbody>
{{#page.ballots}}<tr><td>{{key}}</td><td>{{areas}}</td><td>{{parties}}</td><td>{{candidates}}</td></tr>
{{/page.ballots}}
</tbody>
</table>
{{#page.duplicatesDropped}}<p>Exact duplicate rows dropped: {{page.duplicatesDropped}}.</p>{{/page.duplicatesDropped}}
{{#page.hasWarnings}}<h2>Warnings</h2>
<ul>{{#page.warnings}}<li>{{.}}</li>{{/page.warnings}}</ul>{{/page.hasWarnings}}
<h2>Changes</h2>
{{#page.isPublished}}<p>This is the published version.</p>{{/page.isPublished}}
{{^page.isPublished}}{{^page.comparedWith}}<p>No version is published yet: publishing this one makes all of it public.</p>{{/page.comparedWith}}{{/page.isPublished}}
{{#page.comparedWith}}
{{#page.noChanges}}<p>No changes against published version {{page.comparedWith}}.</p>{{/page.noChanges}}
{{^page.noChanges}}
<p>Against published version {{page.comparedWith}}: <strong>{{page.added}} added, {{page.removed}} removed, {{page.changed}} changed</strong>.</p>
<ul>
{{#page.ballotsAdded}}<li>Ballots added: {{page.ballotsAdded}}</li>{{/page.ballotsAdded}}
{{#page.ballotsRemoved}}<li>Ballots removed: {{page.ballotsRemoved}}</li>{{/page.ballotsRemoved}}
{{#page.partiesAdded}}<li>Parties added: {{page.partiesAdded}}</li>{{/page.partiesAdded}}
{{#page.partiesRemoved}}<li>Parties gone: {{page.partiesRemoved}}</li>{{/page.partiesRemoved}}
</ul>
{{#page.areas}}<section class="diff-area">
<h3>{{ballot}} · {{areaName}} <small>({{areaID}})</small></h3>
<ul>
{{#added}}<li>Added: {{.}}</li>{{/added}}
{{#removed}}<li>Removed: {{.}}</li>{{/removed}}
{{#changed}}<li>Changed: {{.}}</li>{{/changed}}
</ul>
</section>
{{/page.areas}}
{{#page.moreAreas}}<p>… and {{page.moreAreas}} more areas with changes.</p>{{/page.moreAreas}}
{{/page.noChanges}}
{{/page.comparedWith}}
{{#page.publishPath}}<form method="post" action="{{page.publishPath}}"><input type="hidden" name="csrf_token" value="{{page.csrfToken}}"><p><button type="submit">Publish version {{page.id}}</button></p></form>{{/page.publishPath}}
{{#page.discardPath}}<form method="post" action="{{page.discardPath}}"><input type="hidden" name="csrf_token" value="{{page.csrfToken}}"><p><button type="submit">Discard version {{page.id}}</button></p></form>{{/page.discardPath}}
{{/content}}
{{/adminLayout}}
"""#
}
