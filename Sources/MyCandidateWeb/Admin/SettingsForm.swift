import Foundation
import MyCandidateDomain

/// The site settings form at `/admin/settings`: its fields, and what a posted copy of it makes
/// of the published dataset.
///
/// Field names follow the seed workbook's columns (`title_short`, `nav_bars_colour`,
/// `national_explainer`), so operators meet the same names in both places.
///
/// A value left as the published version has it is kept exactly and not checked again: data
/// imported under looser rules (a colour name, an over-long explainer) must not stop someone
/// fixing a typo in the title. Only the title is always required.
struct SettingsForm: Sendable, Equatable {
    /// The text settings, in the order the form shows them.
    enum TextSetting: String, CaseIterable, Sendable {
        case title
        case titleShort = "title_short"
        case faviconLink = "favicon_link"
        case partnerName = "partner_name"
        case partnerWebsite = "partner_website"
        case organizationName = "organization_name"
        case organizationLink = "organization_link"

        var label: String {
            switch self {
            case .title: "Site title"
            case .titleShort: "Short title"
            case .faviconLink: "Favicon link"
            case .partnerName: "Partner name"
            case .partnerWebsite: "Partner website"
            case .organizationName: "Organisation name"
            case .organizationLink: "Organisation link"
            }
        }

        var hint: String? {
            switch self {
            case .title: "Shown in the header and the title of every page."
            case .titleShort: "Not shown on the public site at present; kept with the settings."
            case .faviconLink: "The web address of the site's icon (https://…), or empty for none."
            case .partnerName: "Shown in the footer after the organisation's name."
            case .partnerWebsite, .organizationLink: "https://…, or empty for no link."
            case .organizationName: "Shown in the footer; without it the footer names no partner either."
            }
        }

        var isLink: Bool { [.faviconLink, .partnerWebsite, .organizationLink].contains(self) }

        func value(in site: SiteSettings) -> String {
            switch self {
            case .title: site.title
            case .titleShort: site.titleShort
            case .faviconLink: site.faviconLink
            case .partnerName: site.partnerName
            case .partnerWebsite: site.partnerWebsite
            case .organizationName: site.organizationName
            case .organizationLink: site.organizationLink
            }
        }

        func set(_ value: String, in site: inout SiteSettings) {
            switch self {
            case .title: site.title = value
            case .titleShort: site.titleShort = value
            case .faviconLink: site.faviconLink = value
            case .partnerName: site.partnerName = value
            case .partnerWebsite: site.partnerWebsite = value
            case .organizationName: site.organizationName = value
            case .organizationLink: site.organizationLink = value
            }
        }
    }

    static let maxTextLength = 200
    static let maxExplainerLength = 5_000
    /// "#" and six hex digits, with room for a stray space or two before trimming.
    static let maxColourLength = 20
    /// Enough for a dozen ballots' explainers at their longest even if every character is
    /// non-Latin and so percent-encoded as up to 9 bytes (5,000 × 9 × 12 ≈ 540 KB).
    static let maxBytes = 640 * 1024

    static let analyticsField = "analytics"
    static let analyticsIDField = "analytics_id"
    static let baseVersionField = "base_version"

    static func field(_ colour: SiteColour) -> String { colour.column }
    static func explainerField(_ ballot: Ballot) -> String { ballot.key + "_explainer" }

    /// The values the form shows, by field name: what was posted (line breaks made `\n`, as
    /// browsers send `\r\n`), or the published settings.
    var values: [String: String]
    var analyticsOn: Bool
    /// The published version the form was filled from; saving on top of a different one would
    /// quietly undo whatever that one changed.
    var baseVersion: Int?

    /// The form filled from a published version.
    init(site: SiteSettings, ballots: [Ballot], version: Int) {
        var values: [String: String] = [:]
        for setting in TextSetting.allCases { values[setting.rawValue] = setting.value(in: site) }
        values[Self.analyticsIDField] = site.analyticsID
        for colour in SiteColour.allCases { values[Self.field(colour)] = colour.value(in: site.colours) }
        for ballot in ballots { values[Self.explainerField(ballot)] = ballot.explainer }
        self.values = values
        analyticsOn = !site.analyticsID.isEmpty
        baseVersion = version
    }

    /// The form as posted.
    init(fields: [String: String]) {
        values = fields.filter { $0.key != "csrf_token" && $0.key != Self.analyticsField && $0.key != Self.baseVersionField }
            .mapValues { $0.replacingOccurrences(of: "\r\n", with: "\n").replacingOccurrences(of: "\r", with: "\n") }
        // An unticked checkbox is not sent at all.
        analyticsOn = fields[Self.analyticsField] != nil
        baseVersion = fields[Self.baseVersionField].flatMap { Int($0) }
    }

    /// What the site's settings form checks, per field.
    enum Outcome: Sendable, Equatable {
        /// `published` with the form's settings and explainers (possibly identical to it).
        case valid(Dataset)
        case invalid(FieldErrors)
    }

    /// The published dataset with this form's settings and explainers, or why not.
    func apply(to published: Dataset) -> Outcome {
        var errors = FieldErrors()
        var site = published.site
        for setting in TextSetting.allCases {
            let field = setting.rawValue, value = Self.clean(values[field])
            if setting == .title, value.isEmpty {
                errors.add("Enter the site's title.", to: field)
                continue
            }
            if value == Self.clean(setting.value(in: published.site)) { continue }
            if value.count > Self.maxTextLength {
                errors.add("Use at most \(Self.maxTextLength) characters; this has \(value.count).", to: field)
            } else if value.contains(where: \.isNewline) {
                errors.add("Keep it to one line.", to: field)
            } else if setting.isLink, !value.isEmpty, !Self.isWebAddress(value) {
                errors.add("Enter a web address starting with https:// or http://, or leave it empty.", to: field)
            } else {
                setting.set(value, in: &site)
            }
        }

        let analyticsID = Self.clean(values[Self.analyticsIDField])
        if !analyticsOn {
            site.analyticsID = ""
        } else if analyticsID.isEmpty {
            errors.add("Enter the measurement id, or untick Google Analytics.", to: Self.analyticsIDField)
        } else if analyticsID != Self.clean(published.site.analyticsID) {
            // The same rule the layout applies before writing the id into a script URL.
            if Analytics.measurementID(id: analyticsID) == nil {
                errors.add("Enter a Google Analytics measurement id like G-ABC123DEF.", to: Self.analyticsIDField)
            } else {
                site.analyticsID = analyticsID
            }
        }

        for colour in SiteColour.allCases {
            let field = Self.field(colour), value = Self.clean(values[field]), stored = colour.value(in: published.site.colours)
            if value.lowercased() == stored.lowercased() { continue }
            guard let hex = ColourContrast.normalizedHex(value) else {
                errors.add("Enter a colour as # and six hex digits, like #1d3557.", to: field)
                continue
            }
            if hex != ColourContrast.normalizedHex(stored) { colour.set(hex, in: &site.colours) }
        }
        // Only pairs this edit changes are refused: a pair already live stays as it is rather
        // than blocking every other edit until someone rebrands the site.
        for pair in ColourContrast.pairs {
            let changed = pair.settings.filter { $0.value(in: site.colours) != $0.value(in: published.site.colours) }
            guard let owner = changed.first, let ratio = pair.ratio(in: site.colours), ratio < ColourContrast.minimum else { continue }
            errors.add(
                "\(Self.label(pair)) would have contrast \(ColourContrast.formatted(ratio)); WCAG AA needs at least 4.5:1.",
                to: Self.field(owner)
            )
        }

        var ballots = published.ballots
        for index in ballots.indices {
            let field = Self.explainerField(ballots[index])
            // A ballot the form did not show (imported since it was opened) keeps its explainer.
            guard values[field] != nil else { continue }
            let value = Self.clean(values[field])
            if value == Self.clean(ballots[index].explainer) { continue }
            if value.count > Self.maxExplainerLength {
                errors.add("Use at most \(Self.maxExplainerLength) characters; this has \(value.count).", to: field)
            } else {
                ballots[index].explainer = value
            }
        }

        guard errors.isEmpty else { return .invalid(errors) }
        var dataset = published
        dataset.site = site
        dataset.ballots = ballots
        return .valid(dataset)
    }

    /// This form moved onto `current`, published since it was opened from `base`: what the user
    /// changed is kept, and every field they left alone shows `current`'s value, so saving
    /// again does not undo the other change.
    func rebased(from base: SettingsForm, onto current: SettingsForm) -> SettingsForm {
        var merged = current
        for (field, value) in values where Self.clean(value) != Self.clean(base.values[field]) && current.values[field] != nil {
            merged.values[field] = value
        }
        if analyticsOn != base.analyticsOn { merged.analyticsOn = analyticsOn }
        return merged
    }

    /// A colour setting's name in the form.
    static func label(_ colour: SiteColour) -> String {
        switch colour {
        case .navBars: "Navigation bar"
        case .footer: "Footer"
        case .bodyForeground: "Body text"
        case .bodyBackground: "Page background"
        case .findCandidatesButton: "Buttons"
        case .candidateNames: "Candidate names"
        case .logo: "Logo"
        }
    }

    static func hint(_ colour: SiteColour) -> String? {
        switch colour {
        case .navBars: "Behind the header's white text."
        case .footer: "Behind the footer's white text."
        case .findCandidatesButton: "Behind the buttons' white text, and the bars of the charts."
        case .logo: "Kept with the settings; the stylesheet draws no text on it, so it has no contrast check."
        default: nil
        }
    }

    /// A contrast pair, as the form's check names it.
    static func label(_ pair: ContrastPair) -> String {
        switch pair.id {
        case "body-text": "Body text on the page background"
        case "candidate-names": "Candidate names on the page background"
        case "secondary-text": "Secondary text (#555555) on the page background"
        case "header-text": "White header text on the navigation bar"
        case "footer-text": "White footer text on the footer"
        case "button-text": "White button text on the buttons"
        default: pair.id
        }
    }

    /// The check's verdict on one pair, worded as the page script words it (it takes these
    /// words from the page, so the two cannot drift apart).
    enum Verdict {
        static let passes = "{ratio} — passes AA"
        static let fails = "{ratio} — fails AA (needs 4.5:1)"
        static let unknown = "not checked: needs two hex colours"

        static func text(_ ratio: Double?) -> String {
            guard let ratio else { return unknown }
            return (ratio >= ColourContrast.minimum ? passes : fails).replacingOccurrences(of: "{ratio}", with: ColourContrast.formatted(ratio))
        }
    }

    /// Form text as compared and stored: no surrounding white space.
    static func clean(_ text: String?) -> String {
        (text ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// An absolute http(s) address with a host and nothing a browser would have to repair.
    static func isWebAddress(_ text: String) -> Bool {
        guard !text.contains(where: { $0.isWhitespace || $0.asciiValue.map { $0 < 0x20 || $0 == 0x7f } == true }),
              let components = URLComponents(string: text),
              let scheme = components.scheme?.lowercased(), scheme == "https" || scheme == "http",
              let host = components.host, !host.isEmpty else { return false }
        return true
    }
}

/// Messages for the fields of a form that was refused, by field name.
struct FieldErrors: Sendable, Equatable {
    private(set) var messages: [String: [String]] = [:]

    var isEmpty: Bool { messages.isEmpty }

    mutating func add(_ message: String, to field: String) {
        messages[field, default: []].append(message)
    }

    /// What to show next to `field`, or `nil` when it is fine.
    subscript(field: String) -> String? {
        messages[field]?.joined(separator: " ")
    }
}
