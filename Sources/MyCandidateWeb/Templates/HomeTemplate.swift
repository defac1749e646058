extension Templates {
    /// `/`: every ballot with an area picker that works without JavaScript.
    static let home = #"""
{{<layout}}
{{$content}}
<h1>{{page.heading}}</h1>
{{^page.ballots}}<p>{{t.nothingPublished}}</p>{{/page.ballots}}
{{#page.searchForm}}
<section id="search">
<h2>{{t.searchHeading}}</h2>
{{>searchForm}}
</section>
{{/page.searchForm}}
{{#page.allBallots}}
{{#picker}}
<section id="all-ballots">
<h2>{{t.allBallotsHeading}}</h2>
<form method="get" action="{{pickPath}}" target="_self">
{{#chrome.formLanguage}}<input type="hidden" name="lang" value="{{chrome.formLanguage}}">
{{/chrome.formLanguage}}{{#chrome.formEmbed}}<input type="hidden" name="embed" value="1">
{{/chrome.formEmbed}}<label for="area-all">{{pickerLabel}}</label>
<select id="area-all" name="area">
{{#areas}}<option value="{{id}}">{{label}}</option>
{{/areas}}
</select>
<button type="submit">{{t.showAllMyBallots}}</button>
</form>
</section>
{{/picker}}
{{/page.allBallots}}
{{#page.ballots}}
<section id="{{key}}">
<h2>{{title}}</h2>
{{#explainer}}<p>{{explainer}}</p>{{/explainer}}
{{#picker}}
<form method="get" action="{{pickPath}}" target="_self">
<input type="hidden" name="ballot" value="{{key}}">
{{#chrome.formLanguage}}<input type="hidden" name="lang" value="{{chrome.formLanguage}}">
{{/chrome.formLanguage}}{{#chrome.formEmbed}}<input type="hidden" name="embed" value="1">
{{/chrome.formEmbed}}<label for="area-{{key}}">{{pickerLabel}}</label>
<select id="area-{{key}}" name="area">
{{#areas}}<option value="{{id}}">{{label}}</option>
{{/areas}}
</select>
<button type="submit">{{t.findCandidates}}</button>
</form>
{{/picker}}
<p><a href="{{ballotPath}}">{{listEveryArea}}</a></p>
</section>
{{/page.ballots}}
{{/content}}
{{/layout}}
"""#
}
