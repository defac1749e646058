extension Templates {
    /// The admin area's frame: plain, English only, no analytics, nothing from other hosts.
    static let adminLayout = #"""
<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex">
<title>{{$title}}Admin{{/title}} · {{siteTitle}}</title>
<link rel="icon" href="data:,">
<link rel="stylesheet" href="{{stylesheetPath}}">
</head>
<body>
<header><strong>{{siteTitle}}</strong> · Admin{{#username}} · signed in as {{username}}
<form class="inline" method="post" action="{{logoutPath}}"><input type="hidden" name="csrf_token" value="{{csrfToken}}"><button type="submit">Sign out</button></form>{{/username}}
{{#username}}<nav aria-label="Admin"><a href="{{versionsPath}}">Dataset versions</a> · <a href="{{uploadPath}}">Upload</a> · <a href="{{settingsPath}}">Site settings</a> · <a href="{{auditPath}}">Audit log</a></nav>{{/username}}</header>
<main id="content">
{{#notice}}<p role="status"><strong>{{notice}}</strong></p>{{/notice}}
{{$content}}{{/content}}
</main>
</body>
</html>
"""#

    /// `/admin/login`.
    static let adminLogin = #"""
{{<adminLayout}}
{{$title}}Sign in{{/title}}
{{$content}}
<h1>Sign in</h1>
{{#page.error}}<p role="alert">{{page.error}}</p>{{/page.error}}
<form method="post" action="{{page.loginPath}}">
<input type="hidden" name="csrf_token" value="{{page.formToken}}">
<p><label for="username">User name</label><br><input id="username" name="username" autocomplete="username" required value="{{page.username}}"></p>
<p><label for="password">Password</label><br><input id="password" name="password" type="password" autocomplete="current-password" required></p>
<p><button type="submit">Sign in</button></p>
</form>
{{/content}}
{{/adminLayout}}
"""#

    /// `/admin`: the stored dataset versions, with publish and roll back.
    static let adminVersions = #"""
{{<adminLayout}}
{{$title}}Dataset versions{{/title}}
{{$content}}
<h1>Dataset versions</h1>
<p><a href="{{page.uploadPath}}">Upload a new candidate list</a></p>
{{^page.hasVersions}}<p>No dataset versions are stored yet.</p>{{/page.hasVersions}}
{{#page.hasVersions}}
<table>
<thead><tr><th scope="col">Version</th><th scope="col">Status</th><th scope="col">Imported</th><th scope="col">By</th><th scope="col">Published</th><th scope="col">Candidates</th><th scope="col">Sources</th><th scope="col"><span class="visually-hidden">Action</span></th></tr></thead>
<tbody>
{{#page.versions}}<tr><td>{{id}}</td><td>{{status}}</td><td>{{created}}</td><td>{{importedBy}}</td><td>{{published}}</td><td>{{candidates}}</td><td>{{sources}}</td><td><a href="{{reviewPath}}">Review version {{id}}</a> {{#publishPath}}<form method="post" action="{{publishPath}}"><input type="hidden" name="csrf_token" value="{{csrfToken}}"><button type="submit">Publish version {{id}}</button></form>{{/publishPath}}</td></tr>
{{/page.versions}}
</tbody>
</table>
{{/page.hasVersions}}
{{#page.canRollBack}}
<form method="post" action="{{page.rollbackPath}}"><input type="hidden" name="csrf_token" value="{{csrfToken}}"><p><button type="submit">Roll back to the previously published version</button></p></form>
{{/page.canRollBack}}
{{/content}}
{{/adminLayout}}
"""#

    /// A short message page: refusals and errors in the admin area.
    static let adminMessage = #"""
{{<adminLayout}}
{{$title}}{{page.heading}}{{/title}}
{{$content}}
<h1>{{page.heading}}</h1>
<p>{{page.message}}</p>
<p><a href="{{page.linkPath}}">{{page.linkText}}</a></p>
{{/content}}
{{/adminLayout}}
"""#
}
