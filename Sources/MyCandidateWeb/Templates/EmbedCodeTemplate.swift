extension Templates {
    /// `/embed-code`: the iframe snippet for partner sites, with a copy button.
    static let embedCode = #"""
{{<layout}}
{{$title}}{{t.embedThisSite}} · {{chrome.siteTitle}}{{/title}}
{{$content}}
<h1>{{t.embedThisSite}}</h1>
<p>{{page.intro}}</p>
<label for="embed-snippet">{{t.embedCodeLabel}}</label>
<textarea id="embed-snippet" rows="12" cols="80" readonly>{{page.snippet}}</textarea>
<p><button type="button" data-copy="embed-snippet" data-done="{{t.codeCopied}}" hidden>{{t.copyCode}}</button> <span data-copy-status role="status"></span></p>
<script src="{{page.copyScriptPath}}" defer></script>
{{/content}}
{{/layout}}
"""#
}
