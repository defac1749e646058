import Foundation
import Hummingbird
import HummingbirdTesting
import Logging
@testable import MyCandidateWeb
import MyCandidateStorage
import Testing

/// The audit log: what the admin area records, `/admin/audit` and `/admin/audit.csv`.
@Suite struct AuditLogTests {
    typealias Browser = AdminTests.Browser

    /// The admin tests' setup (fixture dataset, a draft version 2, the account "admin"), over a
    /// real socket by default so the client address is a real one.
    func withApp(
        _ testing: TestingSetup = .live,
        trustedProxies: String = "",
        prepare: @Sendable (any Repository) async throws -> Void = { _ in },
        _ body: @Sendable (any TestClientProtocol) async throws -> Void
    ) async throws {
        var config = try await WebFixture.config()
        config.trustedProxies = try TrustedProxies(parsing: trustedProxies)
        let repository = try await makeRepository(config.database, logger: Logger(label: "test"))
        _ = try await repository.addUser(username: "admin", passwordHash: AdminTests.passwordHash)
        var second = WebFixture.dataset
        second.candidates.removeLast()
        _ = try await repository.store(second, sources: [], publish: false)
        try await prepare(repository)
        await repository.shutdown()
        let app = try await buildApplication(config, rateLimitClock: TokenBucketLimiter.continuousNow())
        try await app.test(testing, body)
    }

    /// The table rows of an audit page: who, action, detail, from (the time left out).
    static func rows(_ html: String) -> [[String]] {
        guard let body = html.range(of: "<tbody>"), let end = html.range(of: "</tbody>") else { return [] }
        return html[body.upperBound..<end.lowerBound].components(separatedBy: "</tr>").compactMap { row in
            let cells = row.matches(of: /<td>(.*?)<\/td>/).map { String($0.output.1) }
            return cells.isEmpty ? nil : Array(cells.dropFirst())
        }
    }

    /// A sign-in posted with an `X-Forwarded-For` header, as a proxy in front would send it.
    static func signIn(_ client: any TestClientProtocol, username: String, password: String, forwardedFor: String) async throws -> HTTPResponse.Status {
        let browser = Browser(client)
        let form = try await browser.get("/admin/login")
        var headers = HTTPFields()
        headers[.cookie] = browser.cookies.map { "\($0.key)=\($0.value)" }.joined(separator: "; ")
        headers[.contentType] = "application/x-www-form-urlencoded"
        headers[.xForwardedFor] = forwardedFor
        let fields = ["username": username, "password": password, "csrf_token": try Browser.token(in: form)]
        let body = fields.map { "\($0.key)=\($0.value.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? "")" }.joined(separator: "&")
        return try await client.execute(uri: "/admin/login", method: .post, headers: headers, body: ByteBuffer(string: body)).status
    }

    @Test func signingInPublishingRollingBackAndSigningOutAreListedWithWhoAndWhere() async throws {
        try await withApp { client in
            let browser = Browser(client)
            _ = try await browser.signIn()
            let versions = try await browser.get("/admin")
            #expect(String(buffer: versions.body).contains(#"<a href="/admin/audit">Audit log</a>"#))
            let token = try Browser.token(in: versions)
            #expect(try await browser.post("/admin/versions/2/publish", ["csrf_token": token]).status == .seeOther)
            #expect(try await browser.post("/admin/rollback", ["csrf_token": token]).status == .seeOther)
            #expect(try await browser.post("/admin/logout", ["csrf_token": token]).status == .seeOther)
            _ = try await browser.signIn()

            let page = try await browser.get("/admin/audit")
            #expect(page.status == .ok)
            #expect(page.headers[.cacheControl] == "no-store")
            let rows = Self.rows(String(buffer: page.body))
            #expect(rows.map { $0[1] } == ["sign-in", "sign-out", "rollback", "publish", "sign-in"])
            #expect(rows.allSatisfy { $0[0] == "admin" })
            #expect(rows.allSatisfy { ["127.0.0.1", "::1"].contains($0[3]) }, "\(rows)")
            #expect(rows[2][2] == "to version 1")
            #expect(rows[3][2] == "version 2")
            let html = String(buffer: page.body)
            #expect(html.contains(#"<time datetime=""#))
            #expect(!html.contains("Older entries"))
        }
    }

    @Test func failedAndThrottledSignInsAreRecordedWithTheTypedNameAndTheForwardedAddress() async throws {
        let addAuditor: @Sendable (any Repository) async throws -> Void = { repository in
            _ = try await repository.addUser(username: "auditor", passwordHash: AdminTests.passwordHash)
        }
        try await withApp(trustedProxies: "127.0.0.1, ::1", prepare: addAuditor) { client in
            #expect(try await Self.signIn(client, username: "Nobody ", password: "whatever it is", forwardedFor: "203.0.113.9") == .unauthorized)
            #expect(try await Self.signIn(client, username: "<b>x</b>", password: "whatever it is", forwardedFor: "203.0.113.9") == .unauthorized)
            // The account allows 5 attempts; the 6th and 7th are throttled, and only the first of
            // those reaches the log.
            for _ in 0..<5 {
                #expect(try await Self.signIn(client, username: "admin", password: "not the passphrase", forwardedFor: "198.51.100.4") == .unauthorized)
            }
            for _ in 0..<2 {
                #expect(try await Self.signIn(client, username: "admin", password: "not the passphrase", forwardedFor: "198.51.100.4") == .tooManyRequests)
            }

            // The proxy itself (no header) signs in as another account to read the log.
            let browser = Browser(client)
            #expect(try await browser.signIn(username: "auditor").status == .seeOther)
            let html = String(buffer: try await browser.get("/admin/audit").body)
            let rows = Self.rows(html)
            #expect(rows.map { $0[1] } == ["sign-in", "sign-in throttled"] + Array(repeating: "sign-in failed", count: 7))
            #expect(rows[0][0] == "auditor" && ["127.0.0.1", "::1"].contains(rows[0][3]))
            #expect(rows[1][0] == "admin" && rows[1][3] == "198.51.100.4" && rows[1][2].hasPrefix("told to wait "))
            #expect(rows[2][0] == "admin" && rows[2][3] == "198.51.100.4")
            // What was typed, as the form reads it (trimmed, lowercased), and escaped on the page.
            #expect(rows[7] == ["&lt;b&gt;x&lt;/b&gt;", "sign-in failed", "", "203.0.113.9"])
            #expect(rows[8] == ["nobody", "sign-in failed", "", "203.0.113.9"])
            #expect(!html.contains("<b>x</b>"))
        }
    }

    @Test func theCSVExportHasAHeaderEveryRowAndDefusedFormulas() async throws {
        try await withApp(.router) { client in
            let typed = #"=HYPERLINK("http://evil.example","a,b")"#
            #expect(try await Browser(client).signIn(username: typed, password: "whatever it is").status == .unauthorized)
            let browser = Browser(client)
            _ = try await browser.signIn()
            // A HEAD downloads nothing, so it is not recorded as an export.
            #expect(try await browser.send("/admin/audit.csv", method: .head, form: nil).status == .ok)
            let response = try await browser.get("/admin/audit.csv")
            #expect(response.status == .ok)
            #expect(response.headers[.contentType] == "text/csv; charset=utf-8")
            #expect(response.headers[.contentDisposition]?.hasPrefix(#"attachment; filename="audit-log-"#) == true)
            #expect(response.headers[.cacheControl] == "no-store")
            let lines = String(buffer: response.body).components(separatedBy: "\r\n")
            #expect(lines.count == 5, "\(lines)")
            #expect(lines[0] == "id,at,actor,action,detail,client")
            #expect(lines[4] == "")
            // Newest first; the download itself is the newest entry.
            let fields = lines[1..<4].map { $0.split(separator: ",", maxSplits: 2).map(String.init) }
            #expect(fields.map { $0[0] } == ["3", "2", "1"])
            #expect(lines[1].hasSuffix(",admin,audit export,,unknown-peer"))
            #expect(lines[2].hasSuffix(",admin,sign-in,,unknown-peer"))
            #expect(lines[3].hasSuffix(#","'=hyperlink(""http://evil.example"",""a,b"")",sign-in failed,,unknown-peer"#), "\(lines[3])")
            #expect(fields[0][1].wholeMatch(of: /\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ/) != nil, "\(fields[0][1])")
        }
    }

    @Test func signedOutVisitorsAreSentToSignIn() async throws {
        try await withApp(.router) { client in
            for path in ["/admin/audit", "/admin/audit.csv", "/admin/audit?before=5"] {
                let response = try await Browser(client).get(path)
                #expect(response.status == .seeOther)
                #expect(response.headers[.location] == "/admin/login")
                #expect(response.headers[.cacheControl] == "no-store")
            }
        }
    }

    @Test func pagesHoldAHundredEntriesAndLinkToOlderOnes() async throws {
        let fill: @Sendable (any Repository) async throws -> Void = { repository in
            for number in 1...150 {
                try await repository.record(AuditEntry(action: .publish, actor: "zoe", detail: "version \(number)", client: "192.0.2.1"))
            }
        }
        try await withApp(.router, prepare: fill) { client in
            let browser = Browser(client)
            _ = try await browser.signIn()
            let first = String(buffer: try await browser.get("/admin/audit").body)
            let firstRows = Self.rows(first)
            #expect(firstRows.count == 100)
            #expect(firstRows.first?[1] == "sign-in")
            #expect(firstRows.last?[2] == "version 52")
            let older = try #require(first.firstMatch(of: /<a href="(\/admin\/audit\?before=\d+)" rel="next">Older entries<\/a>/)?.output.1)
            #expect(older == "/admin/audit?before=52", "ids run 1 to 150, then the sign-in")
            #expect(!first.contains("Newest entries"))

            let second = String(buffer: try await browser.get(String(older)).body)
            let secondRows = Self.rows(second)
            #expect(secondRows.map { $0[2] } == (1...51).reversed().map { "version \($0)" })
            #expect(!second.contains("Older entries"))
            #expect(second.contains(#"<a href="/admin/audit">Newest entries</a>"#))
            #expect(String(buffer: try await browser.get("/admin/audit?before=1").body).contains("No older entries."))
        }
    }
}

@Suite struct AuditCSVTests {
    @Test(arguments: [
        ("plain", "plain"),
        ("a,b", #""a,b""#),
        (#"say "hi""#, #""say ""hi""""#),
        ("two\nlines", "\"two\nlines\""),
        ("=1+2", "'=1+2"),
        ("+1", "'+1"),
        ("-1", "'-1"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\tx", "'\tx"),
        (#"=A1,"b""#, #""'=A1,""b""""#),
        ("a=b", "a=b"),
        ("", ""),
    ])
    func cells(text: String, expected: String) {
        #expect(AuditCSV.cell(text) == expected)
    }

    @Test func rowsAreInColumnOrderWithAUTCTime() {
        let record = AuditRecord(
            id: 7, at: Date(timeIntervalSince1970: 1_780_000_000.4), actor: "zoe", action: "publish", detail: "version 2", client: "::1"
        )
        #expect(AuditCSV.row(record) == "7,2026-05-28T20:26:40Z,zoe,publish,version 2,::1\r\n")
    }
}

@Suite struct RepeatGateTests {
    @Test func aKeyPassesOncePerIntervalAndOthersAreNotHeldUp() async {
        let gate = RepeatGate(interval: .seconds(60), capacity: 2)
        let start = ContinuousClock.now
        #expect(await gate.admit("a", now: start))
        #expect(await !gate.admit("a", now: start + .seconds(59)))
        #expect(await gate.admit("b", now: start + .seconds(1)))
        #expect(await gate.admit("a", now: start + .seconds(60)))
        // Full: expired keys are forgotten to make room, and a flood never grows it past capacity.
        #expect(await gate.admit("c", now: start + .seconds(61)))
        #expect(await !gate.admit("c", now: start + .seconds(62)))
    }
}
