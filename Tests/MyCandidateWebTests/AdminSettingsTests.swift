import Foundation
import Hummingbird
import HummingbirdTesting
import Logging
import MyCandidateDomain
@testable import MyCandidateWeb
import MyCandidateStorage
import Testing

/// `/admin/settings` through the router: the form, saving as a new published version, and
/// what is refused.
@Suite struct AdminSettingsTests {
    typealias Browser = AdminTests.Browser

    /// The fixture with one candidate fewer: the draft version 2.
    static let draft = {
        var draft = WebFixture.dataset
        draft.candidates.removeLast()
        return draft
    }()

    /// An app whose database holds `published` as version 1 (or nothing published), `draft` as
    /// version 2, and one account.
    func withApp(
        publishing published: Dataset? = WebFixture.dataset, draft: Dataset = Self.draft,
        _ body: @Sendable (any TestClientProtocol) async throws -> Void
    ) async throws {
        let config = try await WebFixture.config(publishing: published)
        let repository = try await makeRepository(config.database, logger: Logger(label: "test"))
        try await repository.migrate()
        _ = try await repository.addUser(username: "admin", passwordHash: AdminTests.passwordHash)
        _ = try await repository.store(draft, sources: [], publish: false)
        await repository.shutdown()
        let app = try await buildApplication(config, rateLimitClock: TokenBucketLimiter.continuousNow())
        try await app.test(.router, body)
    }

    /// The fields a browser would send for the settings form in `html`: every named input and
    /// textarea, checkboxes only when ticked.
    static func fields(in html: String) throws -> [String: String] {
        let form = String(html[try #require(html.range(of: #"<form method="post" action="/admin/settings">"#)).lowerBound...])
        var fields: [String: String] = [:]
        for match in form.matches(of: /<input([^>]*)>/) {
            let attributes = String(match.output.1)
            guard let name = attributes.firstMatch(of: /name="([^"]*)"/)?.output.1 else { continue }
            if attributes.contains(#"type="checkbox""#), !attributes.contains(" checked") { continue }
            fields[String(name)] = unescape(String(attributes.firstMatch(of: /value="([^"]*)"/)?.output.1 ?? ""))
        }
        for match in form.matches(of: /<textarea[^>]* name="([^"]*)"[^>]*>([^<]*)<\/textarea>/) {
            fields[String(match.output.1)] = unescape(String(match.output.2))
        }
        return fields
    }

    static func unescape(_ text: String) -> String {
        text.replacingOccurrences(of: "&lt;", with: "<").replacingOccurrences(of: "&gt;", with: ">")
            .replacingOccurrences(of: "&quot;", with: "\"").replacingOccurrences(of: "&#39;", with: "'")
            .replacingOccurrences(of: "&amp;", with: "&")
    }

    /// Signs in and returns the settings form's fields as the page fills them.
    static func openForm(_ browser: Browser) async throws -> [String: String] {
        _ = try await browser.signIn()
        let page = try await browser.get("/admin/settings")
        #expect(page.status == .ok)
        return try fields(in: String(buffer: page.body))
    }

    /// How many versions the versions page lists.
    static func versionCount(_ browser: Browser) async throws -> Int {
        String(buffer: try await browser.get("/admin").body).matches(of: /<tr><td>\d+<\/td>/).count
    }

    @Test func theFormIsFilledFromThePublishedVersion() async throws {
        try await withApp { client in
            let browser = Browser(client)
            _ = try await browser.signIn()
            #expect(String(buffer: try await browser.get("/admin").body).contains(#"<a href="/admin/settings">Site settings</a>"#))
            let page = try await browser.get("/admin/settings")
            #expect(page.status == .ok)
            #expect(page.headers[.cacheControl] == "no-store")
            let html = String(buffer: page.body)
            let fields = try Self.fields(in: html)
            #expect(fields["title"] == "Fixture Elections 2026")
            #expect(fields["title_short"] == "Fixture")
            #expect(fields["partner_name"] == "Partner Org")
            #expect(fields["partner_website"] == "https://partner.example/")
            #expect(fields["organization_link"] == "https://civic.example/")
            #expect(fields["nav_bars_colour"] == "navy")
            #expect(fields["footer_colour"] == "#123456")
            #expect(fields["body_background_colour"] == "#ffffff")
            #expect(fields["provincial_explainer"] == "Elects the legislature.")
            #expect(fields["ward_explainer"] == "")
            #expect(fields["analytics"] == nil, "no measurement id, so analytics is off")
            #expect(fields["base_version"] == "1")
            #expect(fields["csrf_token"] == (try Browser.token(in: page)))
            #expect(html.contains(#"<input id="field-title" name="title" value="Fixture Elections 2026" size="60" maxlength="200" required"#))
            // The server's check, as it stands: the fixture's body text colour is not a colour.
            #expect(html.contains("Candidate names on the page background: <span data-result>12.3:1 — passes AA</span>"))
            #expect(html.contains("Body text on the page background: <span data-result>not checked: needs two hex colours</span>"))
            #expect(html.contains(#"data-foreground-field="field-body_foreground_colour" data-background-field="field-body_background_colour""#))

            let script = try #require(html.firstMatch(of: /<script src="(\/static\/settings\.[0-9a-f]{16}\.js)" defer>/)?.output.1)
            let served = try await client.execute(uri: String(script), method: .get)
            #expect(served.status == .ok)
            #expect(served.headers[.contentType] == "text/javascript; charset=utf-8")
            #expect(String(buffer: served.body).contains("data-contrast"))
        }
    }

    @Test func savingPublishesANewVersionAndRollingBackUndoesIt() async throws {
        try await withApp { client in
            let browser = Browser(client)
            var fields = try await Self.openForm(browser)
            fields["title"] = "  Edited Elections 2026 "
            fields["provincial_explainer"] = "Elects the provincial legislature.\r\nOne vote."
            fields["find_candidates_button"] = "#0B6E4F"
            fields["analytics"] = "on"
            fields["analytics_id"] = "G-ABC1234"
            let saved = try await browser.post("/admin/settings", fields)
            #expect(saved.status == .seeOther)
            #expect(saved.headers[.location] == "/admin/settings?saved=3")

            let after = try await browser.get("/admin/settings?saved=3")
            #expect(String(buffer: after.body).contains("Saved as version 3 and published."))
            let refilled = try Self.fields(in: String(buffer: after.body))
            #expect(refilled["title"] == "Edited Elections 2026")
            #expect(refilled["provincial_explainer"] == "Elects the provincial legislature.\nOne vote.")
            #expect(refilled["find_candidates_button"] == "#0b6e4f")
            #expect(refilled["nav_bars_colour"] == "navy", "untouched settings are kept as they were")
            #expect(String(buffer: try await browser.get("/admin/audit").body).contains("<td>settings</td><td>saved as version 3 and published</td>"))
            #expect(refilled["base_version"] == "3")

            let versions = String(buffer: try await browser.get("/admin").body)
            #expect(versions.contains("<tr><td>3</td><td>published</td>"))
            #expect(versions.contains("<td>admin</td>"))
            #expect(versions.contains("<td>fixture.csv</td>"), "the new version keeps the published one's sources")

            let home = try await client.execute(uri: "/", method: .get)
            #expect(String(buffer: home.body).contains("<strong>Edited Elections 2026</strong>"))
            #expect(home.headers[.contentSecurityPolicy]?.contains(Analytics.scriptHost) == true)
            let ballot = String(buffer: try await client.execute(uri: "/ballots/provincial", method: .get).body)
            #expect(ballot.contains("Elects the provincial legislature.\nOne vote."))
            let current = String(buffer: try await client.execute(uri: "/api/v1/datasets/current", method: .get).body)
            #expect(current.contains(#""version":3"#))

            let token = try Browser.token(in: after)
            #expect(try await browser.post("/admin/rollback", ["csrf_token": token]).headers[.location] == "/admin?published=1")
            let restored = try await client.execute(uri: "/", method: .get)
            #expect(String(buffer: restored.body).contains("<strong>Fixture Elections 2026</strong>"))
            #expect(restored.headers[.contentSecurityPolicy]?.contains(Analytics.scriptHost) == false)
        }
    }

    @Test func anUnchangedFormMakesNoVersion() async throws {
        try await withApp { client in
            let browser = Browser(client)
            // The fixture's colour name, broken colour and javascript: favicon are what is live;
            // sending them back unchanged is not an edit and not refused.
            let fields = try await Self.openForm(browser)
            let response = try await browser.post("/admin/settings", fields)
            #expect(response.status == .seeOther)
            #expect(response.headers[.location] == "/admin/settings?unchanged=1")
            #expect(String(buffer: try await browser.get("/admin/settings?unchanged=1").body).contains("Nothing had changed, so no new version was made."))
            #expect(try await Self.versionCount(browser) == 2)
        }
    }

    @Test(arguments: [
        ("title", "", "Site title: Enter the site&#39;s title."),
        ("body_background_colour", "#12345g", "Page background: Enter a colour as # and six hex digits, like #1d3557."),
        ("body_background_colour", "rgb(0,0,0)", "Page background: Enter a colour as # and six hex digits"),
        ("candidate_names_colour", "#999999",
         "Candidate names: Candidate names on the page background would have contrast 2.8:1; WCAG AA needs at least 4.5:1."),
        ("footer_colour", "#ffd700", "Footer: White footer text on the footer would have contrast 1.4:1"),
        ("partner_website", "javascript:alert(1)", "Partner website: Enter a web address starting with https:// or http://"),
        ("title_short", String(repeating: "x", count: 201), "Short title: Use at most 200 characters; this has 201."),
        ("provincial_explainer", String(repeating: "y", count: 5_001), "Provincial: Use at most 5000 characters; this has 5001."),
        ("analytics_id", "UA-nope", "Google Analytics measurement id: Enter a Google Analytics measurement id like G-ABC123DEF."),
    ])
    func invalidEditsAreRefusedNamingTheField(field: String, value: String, message: String) async throws {
        try await withApp { client in
            let browser = Browser(client)
            var fields = try await Self.openForm(browser)
            fields[field] = value
            if field == "analytics_id" { fields["analytics"] = "on" }
            fields["organization_name"] = "Kept While Refused"
            let response = try await browser.post("/admin/settings", fields)
            #expect(response.status == .unprocessableContent)
            let html = String(buffer: response.body)
            #expect(html.contains("The settings were not saved"))
            #expect(html.contains(##"<li><a href="#field-\##(field)">\##(message)"##), "summary in \(html)")
            #expect(html.contains(#"<strong id="field-\#(field)-error">Error: "#))
            #expect(html.contains(#"aria-invalid="true""#))
            let kept = try Self.fields(in: html)
            #expect(kept[field] == value, "what was typed is shown again")
            #expect(kept["organization_name"] == "Kept While Refused")
            #expect(try await Self.versionCount(browser) == 2, "nothing stored")
            let home = String(buffer: try await client.execute(uri: "/", method: .get).body)
            #expect(home.contains("<strong>Fixture Elections 2026</strong>"))
        }
    }

    @Test func theCheckAfterARefusalShowsTheFailingPair() async throws {
        try await withApp { client in
            let browser = Browser(client)
            var fields = try await Self.openForm(browser)
            fields["body_foreground_colour"] = "#777777"
            let html = String(buffer: try await browser.post("/admin/settings", fields).body)
            #expect(html.contains("Body text on the page background: <span data-result>4.4:1 — fails AA (needs 4.5:1)</span>"))
        }
    }

    @Test func formsWithoutTheSessionTokenAreRefused() async throws {
        try await withApp { client in
            let browser = Browser(client)
            var fields = try await Self.openForm(browser)
            fields["title"] = "Forged"
            for token in [nil, "guessed"] {
                fields["csrf_token"] = token
                #expect(try await browser.post("/admin/settings", fields).status == .forbidden)
            }
            #expect(try await Self.versionCount(browser) == 2)
        }
    }

    @Test func signedOutVisitorsAreSentToSignIn() async throws {
        try await withApp { client in
            let browser = Browser(client)
            for response in [try await browser.get("/admin/settings"), try await browser.post("/admin/settings", ["title": "Forged"])] {
                #expect(response.status == .seeOther)
                #expect(response.headers[.location] == "/admin/login")
            }
        }
    }

    @Test func withNothingPublishedThePageSaysSo() async throws {
        try await withApp(publishing: nil) { client in
            let browser = Browser(client)
            _ = try await browser.signIn()
            let page = try await browser.get("/admin/settings")
            #expect(page.status == .conflict)
            #expect(String(buffer: page.body).contains("no version is published yet"))
            let token = try Browser.token(in: try await browser.get("/admin"))
            #expect(try await browser.post("/admin/settings", ["csrf_token": token, "title": "T"]).status == .conflict)
        }
    }

    @Test func aVersionPublishedMeanwhileIsNotOverwritten() async throws {
        var draft = Self.draft
        draft.site.title = "Draft Elections 2026"
        try await withApp(draft: draft) { client in
            let browser = Browser(client)
            var fields = try await Self.openForm(browser)
            fields["title_short"] = "Edited"
            // Someone publishes version 2, with another title, while the form is open.
            #expect(try await browser.post("/admin/versions/2/publish", ["csrf_token": fields["csrf_token"] ?? ""]).status == .seeOther)
            let response = try await browser.post("/admin/settings", fields)
            #expect(response.status == .conflict)
            let html = String(buffer: response.body)
            #expect(html.contains("Version 2 was published while you were editing, so nothing was saved."))
            let moved = try Self.fields(in: html)
            #expect(moved["title_short"] == "Edited", "the user's edit is kept")
            #expect(moved["title"] == "Draft Elections 2026", "what they left alone follows version 2")
            #expect(moved["base_version"] == "2")
            #expect(try await Self.versionCount(browser) == 2)

            let saved = try await browser.post("/admin/settings", moved)
            #expect(saved.headers[.location] == "/admin/settings?saved=3")
            // Version 3 is version 2's data (one candidate fewer) with the edit.
            let current = String(buffer: try await client.execute(uri: "/api/v1/datasets/current", method: .get).body)
            #expect(current.contains(#""candidates":5"#), "\(current)")
            #expect(String(buffer: try await client.execute(uri: "/", method: .get).body).contains("<strong>Draft Elections 2026</strong>"))
        }
    }
}
