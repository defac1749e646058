import MyCandidateDomain
@testable import MyCandidateWeb
import Testing

/// What a posted settings form makes of the published dataset, without a server.
@Suite struct SettingsFormTests {
    static let published = WebFixture.dataset

    /// The form as the page fills it from `dataset`, with `edits` typed in.
    func posted(_ edits: [String: String], analytics: Bool = false, from dataset: Dataset = Self.published) -> SettingsForm {
        var form = SettingsForm(site: dataset.site, ballots: dataset.ballots, version: 1)
        for (field, value) in edits { form.values[field] = value }
        form.analyticsOn = analytics
        return form
    }

    func dataset(_ outcome: SettingsForm.Outcome) throws -> Dataset {
        guard case .valid(let dataset) = outcome else { throw Refused(outcome: outcome) }
        return dataset
    }

    struct Refused: Error { var outcome: SettingsForm.Outcome }

    func errors(_ outcome: SettingsForm.Outcome) -> FieldErrors {
        if case .invalid(let errors) = outcome { errors } else { FieldErrors() }
    }

    @Test func postedFieldsAreReadAsBrowsersSendThem() {
        let form = SettingsForm(fields: [
            "csrf_token": "t", "base_version": "4", "analytics": "on", "title": "T", "ward_explainer": "One\r\nTwo\rThree",
        ])
        #expect(form.baseVersion == 4)
        #expect(form.analyticsOn)
        #expect(form.values == ["title": "T", "ward_explainer": "One\nTwo\nThree"])
        #expect(!SettingsForm(fields: [:]).analyticsOn, "an unticked box is not sent")
    }

    @Test func whiteSpaceAndCaseAloneAreNoEdit() throws {
        let form = posted([
            "title": " Fixture Elections 2026\n", "provincial_explainer": "Elects the legislature.\n\n",
            "footer_colour": "#123456 ", "nav_bars_colour": "NAVY", "logo_colour": "#30474a",
        ])
        let edited = try dataset(form.apply(to: Self.published))
        #expect(edited == Self.published)
    }

    @Test func newColoursAreStoredAsLowerCaseSixDigitHex() throws {
        let edited = try dataset(posted(["footer_colour": "#036", "candidate_names_colour": "#1D3557"]).apply(to: Self.published))
        #expect(edited.site.colours.footer == "#003366")
        #expect(edited.site.colours.candidateNames == "#1d3557")
        for colour in ["#12345", "#1234567g", "#abcd", "red", "#ＡＢＣ", "#+abcde"] {
            #expect(errors(posted(["footer_colour": colour]).apply(to: Self.published))["footer_colour"] != nil, "\(colour)")
        }
    }

    @Test func aFailingPairIsRefusedOnTheColourThatChanged() {
        var published = Self.published
        published.site.colours.bodyForeground = "#1b1b1b"
        let refused = errors(posted(["body_background_colour": "#111111"], from: published).apply(to: published))
        #expect(refused["body_background_colour"] == [
            "Body text on the page background would have contrast 1.0:1; WCAG AA needs at least 4.5:1.",
            "Candidate names on the page background would have contrast 1.5:1; WCAG AA needs at least 4.5:1.",
            "Secondary text (#555555) on the page background would have contrast 2.5:1; WCAG AA needs at least 4.5:1.",
        ].joined(separator: " "))
        #expect(refused["body_foreground_colour"] == nil)
    }

    @Test func aPairAlreadyFailingDoesNotBlockOtherEdits() throws {
        var published = Self.published
        published.site.colours.footer = "#ffd700"
        let edited = try dataset(posted(["title": "New"], from: published).apply(to: published))
        #expect(edited.site.title == "New")
        #expect(edited.site.colours.footer == "#ffd700")
    }

    @Test func valuesAlreadyPublishedAreKeptUnchecked() throws {
        var published = Self.published
        published.ballots[0].explainer = String(repeating: "z", count: 6_000)
        // The fixture's favicon is a javascript: URL and its body colour is not a colour; both
        // are live already, and the layout and stylesheet drop them.
        let edited = try dataset(posted(["title": "New"], from: published).apply(to: published))
        #expect(edited.ballots[0].explainer.count == 6_000)
        #expect(edited.site.faviconLink == "javascript:alert(1)")
        #expect(edited.site.colours.bodyForeground == "red;}body{x")
        #expect(errors(posted(["title": ""], from: published).apply(to: published))["title"] == "Enter the site's title.", "the title is always required")
    }

    @Test func linksMustBeWebAddresses() {
        for link in ["https://example.org/", "http://example.org", "HTTPS://EXAMPLE.ORG/a?b=c"] {
            #expect(SettingsForm.isWebAddress(link), "\(link)")
        }
        for link in ["javascript:alert(1)", "https://", "example.org", "//example.org", "https://exa mple.org", "ftp://example.org", "/favicon.ico"] {
            #expect(!SettingsForm.isWebAddress(link), "\(link)")
        }
    }

    @Test func analyticsIsOnlyOnWithAMeasurementID() throws {
        #expect(try dataset(posted(["analytics_id": "G-ABC1234"], analytics: true).apply(to: Self.published)).site.analyticsID == "G-ABC1234")
        #expect(errors(posted(["analytics_id": ""], analytics: true).apply(to: Self.published))["analytics_id"] != nil)
        #expect(errors(posted(["analytics_id": "g-abc1234"], analytics: true).apply(to: Self.published))["analytics_id"] != nil)
        var published = Self.published
        published.site.analyticsID = "G-ABC1234"
        #expect(try dataset(posted(["analytics_id": "G-ABC1234"], analytics: false, from: published).apply(to: published)).site.analyticsID == "")
    }

    @Test func explainersOfBallotsNotInTheFormAreKept() throws {
        var form = posted(["ward_explainer": "Elects the ward's councillor."])
        form.values["provincial_explainer"] = nil
        form.values["someone_elses_explainer"] = "ignored"
        let edited = try dataset(form.apply(to: Self.published))
        #expect(edited.ballots.map(\.explainer) == ["Elects the legislature.", "Elects the ward's councillor."])
    }

    @Test func rebasingKeepsEditsAndTakesTheRestFromTheNewVersion() {
        let base = SettingsForm(site: Self.published.site, ballots: Self.published.ballots, version: 1)
        var newer = Self.published.site
        newer.title = "Newer"
        newer.partnerName = "Newer Partner"
        let current = SettingsForm(site: newer, ballots: Self.published.ballots, version: 2)
        let moved = posted(["partner_name": "Mine", "title_short": "Mine too"]).rebased(from: base, onto: current)
        #expect(moved.values["title"] == "Newer")
        #expect(moved.values["partner_name"] == "Mine", "a clash goes to the person at the keyboard, who sees it before saving")
        #expect(moved.values["title_short"] == "Mine too")
        #expect(moved.baseVersion == 2)
    }

    @Test func theCheckWordsCutTheRatioAndLiveInThePage() {
        #expect(SettingsForm.Verdict.text(4.4999) == "4.4:1 — fails AA (needs 4.5:1)")
        #expect(SettingsForm.Verdict.text(4.5) == "4.5:1 — passes AA")
        #expect(SettingsForm.Verdict.text(21) == "21.0:1 — passes AA")
        #expect(SettingsForm.Verdict.text(nil) == "not checked: needs two hex colours")
        for words in [SettingsForm.Verdict.passes, SettingsForm.Verdict.fails, SettingsForm.Verdict.unknown] {
            #expect(!SettingsScript.source.contains(words), "the script reads the words from the page")
        }
    }
}
