import Foundation

/// A horizontal bar chart, laid out in Swift and drawn as SVG by the `barChart` template.
///
/// Only numbers are computed here; every label reaches the page through Mustache, which
/// escapes it, so a party called `<script>` or `A & B` cannot break or inject markup. The
/// chart is an image to assistive technology (`role="img"` with a title and a one-line
/// summary); the table beneath it, built from the same ``bars``, carries the numbers as text.
struct BarChart: Encodable, Sendable {
    struct Bar: Encodable, Sendable {
        /// The label drawn in the chart, shortened if it would run off the drawing.
        var label: String
        /// The label in full, for the table.
        var fullLabel: String
        var count: Int
        /// Share of the total with one decimal, `50.0%`.
        var share: String
        /// What is drawn at the end of the bar: `3 (50.0%)`.
        var value: String
        /// Bar length in drawing units, one decimal.
        var width: String
        var labelY: Int
        var barY: Int
        var valueX: String
        var valueY: Int
    }

    /// Drawing units across. The SVG scales to its container: on a 360 px phone (328 px of
    /// content) 14-unit text shows at about 12.8 px, so text stays readable at that width.
    static let drawingWidth = 360
    /// The longest bar leaves room after it for the widest value, `99999 (100.0%)`.
    static let longestBar = 250
    static let rowHeight = 48
    /// A label on its own line above its bar can take the whole width; longer ones are cut
    /// with an ellipsis (the table has them in full).
    static let longestLabel = 40

    /// Prefix of the `id`s of the chart's title and summary.
    var id: String
    var title: String
    /// One line for assistive technology: the largest row and its share.
    var summary: String
    /// The table's first column header (Ballot, Party, …).
    var labelHeader: String
    var drawingWidth = Self.drawingWidth
    var height: Int
    var bars: [Bar]

    init(id: String, title: String, labelHeader: String, rows: [Insights.Count], total: Int, text: UIText) {
        self.id = id
        self.title = title
        self.labelHeader = labelHeader
        let largest = rows.map(\.count).max() ?? 0
        height = rows.count * Self.rowHeight + 4
        bars = rows.enumerated().map { index, row in
            let share = Insights.percentage(row.count, of: total)
            let tenths = largest == 0 ? 0 : (row.count * Self.longestBar * 10 + largest / 2) / largest
            let top = index * Self.rowHeight
            return Bar(
                label: Self.shortened(row.label),
                fullLabel: row.label,
                count: row.count,
                share: share,
                value: "\(row.count) (\(share))",
                width: Self.units(tenths),
                labelY: top + 16,
                barY: top + 22,
                valueX: Self.units(tenths + 60),
                valueY: top + 36
            )
        }
        // The first of equal largest rows, as the chart shows them top to bottom.
        summary = rows.first { $0.count == largest && largest > 0 }.map { row in
            text.format(\.chartLargest, [
                "label": row.label,
                "candidates": text.count(row.count, one: \.candidatesOne, other: \.candidatesOther),
                "percent": Insights.percentage(row.count, of: total),
            ])
        } ?? text.count(0, one: \.candidatesOne, other: \.candidatesOther)
    }

    /// Tenths of a drawing unit as SVG number text: `1234` → `123.4`.
    private static func units(_ tenths: Int) -> String { "\(tenths / 10).\(tenths % 10)" }

    private static func shortened(_ label: String) -> String {
        label.count <= longestLabel ? label : label.prefix(longestLabel - 1).trimmingCharacters(in: .whitespaces) + "…"
    }
}
