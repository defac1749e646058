extension Templates {
    /// Partial: the area search form, for any page; its context is a ``SearchForm``, and its
    /// words come from the page's `t`. Without JavaScript it submits to `/search`; the script it
    /// loads turns the box into a combobox that suggests areas as the visitor types (see
    /// ``SearchScript``).
    static let searchForm = #"""
<form role="search" class="area-search" action="{{action}}" method="get" target="_self" data-suggest="{{suggestPath}}" data-none="{{t.suggestionsNone}}" data-one="{{t.suggestionsOne}}" data-other="{{t.suggestionsOther}}">
{{#formLanguage}}<input type="hidden" name="lang" value="{{formLanguage}}">
{{/formLanguage}}<label for="area-search-q">{{t.searchLabel}}</label>
<div class="area-search-box">
<input type="search" id="area-search-q" name="q" value="{{query}}" maxlength="{{maxLength}}" autocomplete="off" spellcheck="false" aria-describedby="area-search-hint">
<ul id="area-search-list" role="listbox" aria-label="{{t.suggestionsLabel}}" hidden></ul>
</div>
<button type="submit">{{t.searchButton}}</button>
<p id="area-search-hint" class="muted">{{t.searchHint}}</p>
<p id="area-search-status" class="visually-hidden" role="status" aria-live="polite"></p>
</form>
<script src="{{scriptPath}}" defer></script>
"""#
}
