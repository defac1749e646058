extension Templates {
    /// `/admin/settings`: the site settings, the colours' contrast check and the ballots'
    /// explainers. Without script the colours are text fields and the check is the server's;
    /// the page script adds colour pickers and redoes the check as colours change.
    static let adminSettings = #"""
{{<adminLayout}}
{{$title}}Site settings{{/title}}
{{$content}}
<h1>Site settings</h1>
<p>Saving makes a new dataset version: the published one with these settings, published at once. <a href="{{page.versionsPath}}">Dataset versions</a> lists it, and rolling back there undoes the change.</p>
{{#page.conflict}}<p role="alert"><strong>{{page.conflict}}</strong></p>{{/page.conflict}}
{{#page.hasProblems}}
<div role="alert" aria-labelledby="problems-heading">
<h2 id="problems-heading">The settings were not saved</h2>
<ul>
{{#page.problems}}<li><a href="#{{fieldID}}">{{label}}: {{message}}</a></li>
{{/page.problems}}
</ul>
</div>
{{/page.hasProblems}}
<form method="post" action="{{page.actionPath}}">
<input type="hidden" name="csrf_token" value="{{page.csrfToken}}">
<input type="hidden" name="base_version" value="{{page.baseVersion}}">
<fieldset>
<legend>Names and links</legend>
{{#page.texts}}{{>adminSettingsField}}{{/page.texts}}
</fieldset>
<fieldset>
<legend>Analytics</legend>
<label><input type="checkbox" name="analytics" value="on"{{#page.analyticsOn}} checked{{/page.analyticsOn}}> Use Google Analytics on the public site</label>
{{#page.analyticsID}}{{>adminSettingsField}}{{/page.analyticsID}}
</fieldset>
<fieldset>
<legend>Colours</legend>
<p class="muted">Colours are # and six hex digits, like #1d3557.</p>
{{#page.colours}}
<p><label for="{{id}}">{{label}}</label>
{{#hint}}<span class="muted" id="{{id}}-hint">{{hint}}</span><br>
{{/hint}}
{{#error}}<strong id="{{id}}-error">Error: {{error}}</strong><br>
{{/error}}
<input id="{{id}}" name="{{name}}" value="{{value}}" size="9" maxlength="{{maxLength}}" autocomplete="off" spellcheck="false"{{#describedBy}} aria-describedby="{{describedBy}}"{{/describedBy}}{{#error}} aria-invalid="true"{{/error}}>
<input type="color" value="{{pickerValue}}" data-picker-for="{{id}}" aria-label="{{label}}: colour picker" hidden></p>
{{/page.colours}}
<h2 id="contrast-heading">Contrast check</h2>
<p class="muted">WCAG AA asks for a contrast of at least 4.5:1 between text and what is behind it. A save that makes a pair fail is refused.</p>
<ul aria-labelledby="contrast-heading" aria-live="polite" data-contrast data-passes="{{page.verdictPasses}}" data-fails="{{page.verdictFails}}" data-unknown="{{page.verdictUnknown}}">
{{#page.checks}}<li aria-atomic="true"{{#foregroundField}} data-foreground-field="{{foregroundField}}"{{/foregroundField}}{{#foregroundColour}} data-foreground-colour="{{foregroundColour}}"{{/foregroundColour}}{{#backgroundField}} data-background-field="{{backgroundField}}"{{/backgroundField}}{{#backgroundColour}} data-background-colour="{{backgroundColour}}"{{/backgroundColour}}>{{label}}: <span data-result>{{result}}</span></li>
{{/page.checks}}
</ul>
</fieldset>
{{#page.hasExplainers}}
<fieldset>
<legend>Ballot explainers</legend>
<p class="muted">Shown to voters with each ballot, as one paragraph.</p>
{{#page.explainers}}
<p><label for="{{id}}">{{label}}</label>
{{#error}}<strong id="{{id}}-error">Error: {{error}}</strong><br>
{{/error}}
<textarea id="{{id}}" name="{{name}}" rows="5" cols="60" maxlength="{{maxLength}}"{{#describedBy}} aria-describedby="{{describedBy}}"{{/describedBy}}{{#error}} aria-invalid="true"{{/error}}>{{value}}</textarea></p>
{{/page.explainers}}
</fieldset>
{{/page.hasExplainers}}
<p><button type="submit">Save and publish</button></p>
</form>
<script src="{{page.scriptPath}}" defer></script>
{{/content}}
{{/adminLayout}}
"""#

    /// One text field of the settings form, with its hint and error.
    static let adminSettingsField = #"""
<p><label for="{{id}}">{{label}}</label>
{{#hint}}<span class="muted" id="{{id}}-hint">{{hint}}</span><br>
{{/hint}}
{{#error}}<strong id="{{id}}-error">Error: {{error}}</strong><br>
{{/error}}
<input id="{{id}}" name="{{name}}" value="{{value}}" size="60" maxlength="{{maxLength}}"{{#required}} required{{/required}}{{#describedBy}} aria-describedby="{{describedBy}}"{{/describedBy}}{{#error}} aria-invalid="true"{{/error}}></p>

"""#
}
