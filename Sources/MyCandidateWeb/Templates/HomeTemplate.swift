extension Templates {
    /// `/`: every ballot with an area picker that works without JavaScript.
    static let home = #"""
{{<layout}}
{{$content}}
<h1>{{page.heading}}</h1>
{{^page.ballots}}<p>No candidate list has been published yet.</p>{{/page.ballots}}
{{#page.allBallots}}
{{#picker}}
<section id="all-ballots">
<h2>Everything on your ballot papers</h2>
<form method="get" action="{{pickPath}}">
<label for="area-all">Your {{levelName}}</label>
<select id="area-all" name="area">
{{#areas}}<option value="{{id}}">{{label}}</option>
{{/areas}}
</select>
<button type="submit">Show all my ballots</button>
</form>
</section>
{{/picker}}
{{/page.allBallots}}
{{#page.ballots}}
<section id="{{key}}">
<h2>{{title}}</h2>
{{#explainer}}<p>{{explainer}}</p>{{/explainer}}
{{#picker}}
<form method="get" action="{{pickPath}}">
<input type="hidden" name="ballot" value="{{key}}">
<label for="area-{{key}}">Your {{levelName}}</label>
<select id="area-{{key}}" name="area">
{{#areas}}<option value="{{id}}">{{label}}</option>
{{/areas}}
</select>
<button type="submit">Find candidates</button>
</form>
{{/picker}}
<p><a href="{{ballotPath}}">List every area on this ballot ({{areaCount}})</a></p>
</section>
{{/page.ballots}}
{{/content}}
{{/layout}}
"""#
}
