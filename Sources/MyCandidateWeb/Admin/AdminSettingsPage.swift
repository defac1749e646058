import Foundation
import MyCandidateDomain

/// `/admin/settings`: the site settings form, its contrast check and any refusals.
struct AdminSettingsPage: Encodable, Sendable {
    struct Field: Encodable, Sendable {
        var name: String
        var id: String
        var label: String
        var value: String
        var hint: String?
        var error: String?
        var maxLength: Int
        var required = false
        /// The ids of the hint and the error, for `aria-describedby`.
        var describedBy: String?
        /// For colours: the value a colour picker can show (`#rrggbb`).
        var pickerValue: String?

        init(name: String, label: String, value: String, hint: String?, error: String?, maxLength: Int) {
            self.name = name
            id = "field-" + name
            self.label = label
            self.value = value
            self.hint = hint
            self.error = error
            self.maxLength = maxLength
            let described = [hint.map { _ in id + "-hint" }, error.map { _ in id + "-error" }].compactMap { $0 }
            describedBy = described.isEmpty ? nil : described.joined(separator: " ")
        }
    }

    /// One line of the contrast check. The page script finds each side's colour from the
    /// `data-` attributes: the id of the field it follows, or a colour the stylesheet fixes.
    struct Check: Encodable, Sendable {
        var label: String
        var foregroundField: String?
        var foregroundColour: String?
        var backgroundField: String?
        var backgroundColour: String?
        var result: String
    }

    /// A refusal in the summary at the top, linking to its field.
    struct Problem: Encodable, Sendable {
        var fieldID: String
        var label: String
        var message: String
    }

    var actionPath = AdminURL.settings.path
    var versionsPath = AdminURL.home.path
    var csrfToken: String
    var baseVersion: Int?
    var scriptPath = SiteURL.asset(SettingsScript.fileName).path
    /// Set when another version was published while the form was open.
    var conflict: String?
    var problems: [Problem]
    var hasProblems: Bool
    var texts: [Field]
    var analyticsOn: Bool
    var analyticsID: Field
    var colours: [Field]
    var checks: [Check]
    var explainers: [Field]
    var hasExplainers: Bool
    var verdictPasses = SettingsForm.Verdict.passes
    var verdictFails = SettingsForm.Verdict.fails
    var verdictUnknown = SettingsForm.Verdict.unknown

    /// The page for `form` over the published `ballots`, showing `errors` next to their fields.
    init(form: SettingsForm, ballots: [Ballot], csrfToken: String, errors: FieldErrors = FieldErrors(), conflict: String? = nil) {
        self.csrfToken = csrfToken
        self.conflict = conflict
        baseVersion = form.baseVersion
        func value(_ name: String) -> String { form.values[name] ?? "" }

        texts = SettingsForm.TextSetting.allCases.map { setting in
            var field = Field(
                name: setting.rawValue, label: setting.label, value: value(setting.rawValue), hint: setting.hint,
                error: errors[setting.rawValue], maxLength: SettingsForm.maxTextLength
            )
            field.required = setting == .title
            return field
        }
        analyticsOn = form.analyticsOn
        analyticsID = Field(
            name: SettingsForm.analyticsIDField, label: "Google Analytics measurement id", value: value(SettingsForm.analyticsIDField),
            hint: "Like G-ABC123DEF. While analytics is on, every public page loads Google's gtag.js.",
            error: errors[SettingsForm.analyticsIDField], maxLength: SettingsForm.maxTextLength
        )

        var shown = SiteColours()
        colours = SiteColour.allCases.map { colour in
            let name = SettingsForm.field(colour), text = value(name)
            colour.set(SettingsForm.clean(text), in: &shown)
            var hint = SettingsForm.hint(colour)
            if ColourContrast.normalizedHex(SettingsForm.clean(text)) == nil, errors[name] == nil, !text.isEmpty {
                hint = [hint, "“\(text)” is not a hex colour, so the check cannot read it; it is kept unless you change it."]
                    .compactMap { $0 }.joined(separator: " ")
            }
            var field = Field(
                name: name, label: SettingsForm.label(colour), value: text, hint: hint, error: errors[name], maxLength: SettingsForm.maxColourLength
            )
            field.pickerValue = ColourContrast.normalizedHex(SettingsForm.clean(text)) ?? "#000000"
            return field
        }
        // The check shows what the form holds now, so after a refused save it explains the refusal.
        checks = ColourContrast.pairs.map { pair in
            func side(_ side: ContrastPair.Side) -> (field: String?, colour: String?) {
                switch side {
                case .setting(let colour): ("field-" + SettingsForm.field(colour), nil)
                case .fixed(let colour, _): (nil, colour)
                }
            }
            let foreground = side(pair.foreground), background = side(pair.background)
            return Check(
                label: SettingsForm.label(pair), foregroundField: foreground.field, foregroundColour: foreground.colour,
                backgroundField: background.field, backgroundColour: background.colour,
                result: SettingsForm.Verdict.text(pair.ratio(in: shown))
            )
        }

        explainers = ballots.map { ballot in
            let name = SettingsForm.explainerField(ballot)
            return Field(
                name: name, label: ballot.title.isEmpty ? ballot.key : ballot.title,
                value: form.values[name] ?? ballot.explainer, hint: nil, error: errors[name], maxLength: SettingsForm.maxExplainerLength
            )
        }
        hasExplainers = !ballots.isEmpty

        problems = (texts + [analyticsID] + colours + explainers).compactMap { field in
            field.error.map { Problem(fieldID: field.id, label: field.label, message: $0) }
        }
        hasProblems = !problems.isEmpty
    }
}
