/// One of a site's seven colour settings, so code can name a setting rather than a string.
public enum SiteColour: String, CaseIterable, Sendable {
    case navBars, footer, bodyForeground, bodyBackground, findCandidatesButton, candidateNames, logo

    /// The seed workbook's column for this setting, which operators know it by.
    public var column: String {
        switch self {
        case .navBars: "nav_bars_colour"
        case .footer: "footer_colour"
        case .bodyForeground: "body_foreground_colour"
        case .bodyBackground: "body_background_colour"
        case .findCandidatesButton: "find_candidates_button"
        case .candidateNames: "candidate_names_colour"
        case .logo: "logo_colour"
        }
    }

    /// This setting's value in `colours`.
    public func value(in colours: SiteColours) -> String {
        switch self {
        case .navBars: colours.navBars
        case .footer: colours.footer
        case .bodyForeground: colours.bodyForeground
        case .bodyBackground: colours.bodyBackground
        case .findCandidatesButton: colours.findCandidatesButton
        case .candidateNames: colours.candidateNames
        case .logo: colours.logo
        }
    }

    /// Sets this setting in `colours` to `value`.
    public func set(_ value: String, in colours: inout SiteColours) {
        switch self {
        case .navBars: colours.navBars = value
        case .footer: colours.footer = value
        case .bodyForeground: colours.bodyForeground = value
        case .bodyBackground: colours.bodyBackground = value
        case .findCandidatesButton: colours.findCandidatesButton = value
        case .candidateNames: colours.candidateNames = value
        case .logo: colours.logo = value
        }
    }
}

/// Text of one colour drawn on another by the site's stylesheet: the combinations whose
/// contrast decides whether voters can read the site.
public struct ContrastPair: Sendable, Equatable {
    /// Where one side of a pair gets its colour.
    public enum Side: Sendable, Equatable {
        /// A site setting.
        case setting(SiteColour)
        /// A colour the stylesheet fixes, with how an operator would recognise the text
        /// (`white text`).
        case fixed(colour: String, description: String)

        /// The colour this side has with `colours`.
        public func colour(in colours: SiteColours) -> String {
            switch self {
            case .setting(let setting): setting.value(in: colours)
            case .fixed(let colour, _): colour
            }
        }

        /// The setting this side follows; `nil` for a fixed colour.
        public var setting: SiteColour? {
            if case .setting(let setting) = self { setting } else { nil }
        }
    }

    /// A stable name for the pair (`body-text`), for markup and tests.
    public var id: String
    public var foreground: Side
    public var background: Side

    /// A pair of `foreground` text on `background`.
    public init(id: String, foreground: Side, background: Side) {
        self.id = id
        self.foreground = foreground
        self.background = background
    }

    /// The pair's contrast with `colours`, or `nil` when a side is not a colour
    /// ``ColourContrast/ratio(_:_:)`` can read.
    public func ratio(in colours: SiteColours) -> Double? {
        ColourContrast.ratio(foreground.colour(in: colours), background.colour(in: colours))
    }

    /// The settings the pair depends on.
    public var settings: [SiteColour] { [foreground.setting, background.setting].compactMap { $0 } }
}

extension ColourContrast {
    /// Every pair of the site's stylesheet (`Stylesheet.css` in MyCandidateWeb) where text is
    /// drawn over a setting's colour. The logo colour appears in none: the stylesheet draws no
    /// text on it. Keep in step with the stylesheet.
    public static let pairs: [ContrastPair] = [
        // body{color:var(--fg);background:var(--bg)}; chart labels use --fg too.
        ContrastPair(id: "body-text", foreground: .setting(.bodyForeground), background: .setting(.bodyBackground)),
        // .candidate{color:var(--names)}
        ContrastPair(id: "candidate-names", foreground: .setting(.candidateNames), background: .setting(.bodyBackground)),
        // .muted{color:#555}: notes and counts, on the page background.
        ContrastPair(
            id: "secondary-text", foreground: .fixed(colour: "#555555", description: "secondary text (#555555)"), background: .setting(.bodyBackground)
        ),
        // header,footer{color:#fff}, header{background:var(--nav)}, footer{background:var(--footer)}
        ContrastPair(id: "header-text", foreground: .fixed(colour: "#ffffff", description: "white text"), background: .setting(.navBars)),
        ContrastPair(id: "footer-text", foreground: .fixed(colour: "#ffffff", description: "white text"), background: .setting(.footer)),
        // button{background:var(--button);color:#fff}
        ContrastPair(
            id: "button-text", foreground: .fixed(colour: "#ffffff", description: "white text"), background: .setting(.findCandidatesButton)
        ),
    ]

    /// `ratio` as the admin area shows it: one decimal, cut rather than rounded, so a pair
    /// just under the minimum never reads as meeting it (4.48 shows as 4.4, not 4.5).
    public static func formatted(_ ratio: Double) -> String {
        String(format: "%.1f", (ratio * 10).rounded(.down) / 10) + ":1"
    }
}
