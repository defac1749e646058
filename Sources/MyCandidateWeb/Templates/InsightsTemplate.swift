extension Templates {
    /// `/insights`: candidates by ballot, party, gender and age, each a chart and a table.
    static let insights = #"""
{{<layout}}
{{$title}}{{t.insightsTitle}} · {{chrome.siteTitle}}{{/title}}
{{$content}}
<h1>{{t.insightsTitle}}</h1>
<p>{{page.intro}}</p>
<p class="muted">{{page.note}}</p>
{{#page.charts}}
{{>barChart}}
{{/page.charts}}
{{/content}}
{{/layout}}
"""#

    /// Partial: one ``BarChart`` as a heading, an SVG drawing and the table of its numbers.
    ///
    /// The SVG's shapes and text are presentational (`role="img"` takes its name from the
    /// title and summary), so the table is what screen readers and copy-paste get. Colours and
    /// sizes come from classes in the stylesheet: the Content-Security-Policy allows no inline
    /// styles.
    static let barChart = #"""
<section class="insight" aria-labelledby="{{id}}-heading">
<h2 id="{{id}}-heading">{{title}}</h2>
<svg class="chart" role="img" aria-labelledby="{{id}}-title {{id}}-desc" viewBox="0 0 {{drawingWidth}} {{height}}" width="100%">
<title id="{{id}}-title">{{title}}</title>
<desc id="{{id}}-desc">{{summary}}</desc>
{{#bars}}<text x="0" y="{{labelY}}">{{label}}</text><rect class="bar" x="0" y="{{barY}}" width="{{width}}" height="18"></rect><text x="{{valueX}}" y="{{valueY}}">{{value}}</text>
{{/bars}}
</svg>
<table>
<caption class="visually-hidden">{{title}}</caption>
<thead><tr><th scope="col">{{labelHeader}}</th><th scope="col">{{t.candidatesHeader}}</th><th scope="col">{{t.shareHeader}}</th></tr></thead>
<tbody>
{{#bars}}<tr><th scope="row">{{fullLabel}}</th><td class="number">{{count}}</td><td class="number">{{share}}</td></tr>
{{/bars}}
</tbody>
</table>
</section>

"""#
}
