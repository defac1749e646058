extension Templates {
    /// Partial: the candidates of one ballot in one area, used by the results page and by the
    /// all-my-ballots page. Its context is a ``ListingView``.
    static let listing = #"""
<p>{{summary}}</p>
{{#isPartyList}}
<ol class="parties">
{{#parties}}
<li>
<h3>{{name}}{{#abbreviation}} ({{abbreviation}}){{/abbreviation}}</h3>
<p><span class="candidate">{{#headline.link}}<a href="{{headline.link}}" rel="noopener noreferrer">{{/headline.link}}{{headline.name}}{{#headline.link}}</a>{{/headline.link}}</span>{{#headline.positionLabel}} <span class="muted">· {{headline.positionLabel}}</span>{{/headline.positionLabel}}</p>
{{#hasOthers}}
<details>
<summary>{{othersLabel}}</summary>
<ol class="muted">
{{#others}}<li value="{{position}}">{{#link}}<a href="{{link}}" rel="noopener noreferrer">{{/link}}{{name}}{{#link}}</a>{{/link}}</li>
{{/others}}
</ol>
{{#wholeList}}<p><a href="{{path}}">{{label}}</a></p>{{/wholeList}}
</details>
{{/hasOthers}}
</li>
{{/parties}}
</ol>
{{/isPartyList}}
{{^isPartyList}}
<ul class="candidates">
{{#candidates}}<li><span class="candidate">{{#link}}<a href="{{link}}" rel="noopener noreferrer">{{/link}}{{name}}{{#link}}</a>{{/link}}</span> <span class="muted">· {{party}}</span></li>
{{/candidates}}
</ul>
{{/isPartyList}}
"""#
}
