import Foundation
import Hummingbird
import HummingbirdTesting
import Logging
@testable import MyCandidateWeb
import MyCandidateStorage
import Testing

/// The admin area through the router, carrying cookies by hand as a browser would.
@Suite struct AdminTests {
    static let password = "a long enough passphrase"
    /// Hashed once: bcrypt is slow by design, and hashing in every test's setup kept the
    /// concurrency pool so busy that timing-sensitive tests (lock renewal) starved.
    static let passwordHash = AdminCredentials.hash(password: password)

    /// An app on the fixture dataset plus a second, unpublished version and one account.
    func withApp(secureCookies: Bool = false, _ body: @Sendable (any TestClientProtocol) async throws -> Void) async throws {
        var config = try await WebFixture.config()
        config.secureCookies = secureCookies
        let repository = try await makeRepository(config.database, logger: Logger(label: "test"))
        _ = try await repository.addUser(username: "admin", passwordHash: Self.passwordHash)
        var second = WebFixture.dataset
        second.candidates.removeLast()
        _ = try await repository.store(second, sources: [], publish: false)
        await repository.shutdown()
        let app = try await buildApplication(config, rateLimitClock: TokenBucketLimiter.continuousNow())
        try await app.test(.router, body)
    }

    /// A browser's cookie jar, enough for these tests.
    final class Browser: @unchecked Sendable {
        var cookies: [String: String] = [:]
        let client: any TestClientProtocol

        init(_ client: any TestClientProtocol) { self.client = client }

        func get(_ uri: String) async throws -> TestResponse {
            try await send(uri, method: .get, form: nil)
        }

        func post(_ uri: String, _ form: [String: String]) async throws -> TestResponse {
            try await send(uri, method: .post, form: form)
        }

        func send(_ uri: String, method: HTTPRequest.Method, form: [String: String]?) async throws -> TestResponse {
            guard let form else { return try await send(uri, method: method, contentType: nil, body: nil) }
            let encoded = form.map { key, value in
                "\(key)=\(value.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? "")"
            }
            return try await send(
                uri, method: method, contentType: "application/x-www-form-urlencoded", body: ByteBuffer(string: encoded.joined(separator: "&"))
            )
        }

        func send(_ uri: String, method: HTTPRequest.Method, contentType: String?, body: ByteBuffer?) async throws -> TestResponse {
            var headers = HTTPFields()
            if !cookies.isEmpty { headers[.cookie] = cookies.map { "\($0.key)=\($0.value)" }.joined(separator: "; ") }
            if let contentType { headers[.contentType] = contentType }
            let response = try await client.execute(uri: uri, method: method, headers: headers, body: body)
            for header in response.headers[values: .setCookie] {
                let pair = header.split(separator: ";")[0].split(separator: "=", maxSplits: 1).map(String.init)
                if header.contains("Max-Age=0") || pair.count < 2 || pair[1].isEmpty { cookies[pair[0]] = nil } else { cookies[pair[0]] = pair[1] }
            }
            return response
        }

        /// The hidden CSRF field of the page in `response`.
        static func token(in response: TestResponse) throws -> String {
            let html = String(buffer: response.body)
            let marker = #"name="csrf_token" value=""#
            let start = try #require(html.range(of: marker)).upperBound
            return String(html[start...].prefix { $0 != "\"" })
        }

        func signIn(username: String = "admin", password: String = AdminTests.password) async throws -> TestResponse {
            let form = try await get("/admin/login")
            // No form to fill in (the session store is down): that refusal is the answer.
            guard form.status == .ok else { return form }
            return try await post("/admin/login", ["username": username, "password": password, "csrf_token": try Self.token(in: form)])
        }
    }

    @Test func signedOutVisitorsAreSentToSignIn() async throws {
        try await withApp { client in
            let response = try await Browser(client).get("/admin")
            #expect(response.status == .seeOther)
            #expect(response.headers[.location] == "/admin/login")
            #expect(response.headers[.cacheControl] == "no-store")
        }
    }

    @Test func signingInStartsAStrictHttpOnlySessionAndShowsTheVersions() async throws {
        try await withApp(secureCookies: true) { client in
            let browser = Browser(client)
            let form = try await browser.get("/admin/login")
            let loginCookie = try #require(form.headers[values: .setCookie].first { $0.hasPrefix("mycandidate_login=") })
            #expect(loginCookie.contains("HttpOnly") && loginCookie.contains("SameSite=Strict") && loginCookie.contains("Secure"))
            #expect(form.headers[.cacheControl] == "no-store")

            let response = try await browser.post("/admin/login", ["username": "Admin ", "password": Self.password, "csrf_token": try Browser.token(in: form)])
            #expect(response.status == .seeOther)
            #expect(response.headers[.location] == "/admin")
            let session = try #require(response.headers[values: .setCookie].first { $0.hasPrefix("mycandidate_admin=") })
            for attribute in ["HttpOnly", "SameSite=Strict", "Secure", "Path=/admin"] {
                #expect(session.contains(attribute), "\(attribute) in \(session)")
            }
            let page = try await browser.get("/admin")
            #expect(page.status == .ok)
            let html = String(buffer: page.body)
            #expect(html.contains("signed in as admin"))
            #expect(html.contains("<td>2</td><td>draft</td>"))
            #expect(html.contains(#"action="/admin/versions/2/publish""#))
            #expect(!html.contains(#"action="/admin/versions/1/publish""#), "the published version has no Publish button")
        }
    }

    @Test func wrongPasswordsAndUnknownNamesGetTheSameAnswer() async throws {
        try await withApp { client in
            for (username, password) in [("admin", "not the passphrase"), ("nobody", Self.password)] {
                let browser = Browser(client)
                let response = try await browser.signIn(username: username, password: password)
                #expect(response.status == .unauthorized)
                #expect(String(buffer: response.body).contains("Wrong user name or password."))
                #expect(browser.cookies["mycandidate_admin"] == nil)
            }
        }
    }

    @Test func formsWithoutTheirTokenAreRefused() async throws {
        try await withApp { client in
            let stranger = Browser(client)
            let refused = try await stranger.post("/admin/login", ["username": "admin", "password": Self.password, "csrf_token": "guessed"])
            #expect(refused.status == .forbidden)

            let browser = Browser(client)
            _ = try await browser.signIn()
            let page = try await browser.get("/admin")
            for form in [[:], ["csrf_token": "guessed"]] {
                let response = try await browser.post("/admin/versions/2/publish", form)
                #expect(response.status == .forbidden)
            }
            let token = try Browser.token(in: page)
            #expect(try await browser.post("/admin/versions/2/publish", ["csrf_token": token]).status == .seeOther)
        }
    }

    @Test func publishingAndRollingBackSwapWhatVotersSee() async throws {
        try await withApp { client in
            let browser = Browser(client)
            _ = try await browser.signIn()
            let token = try Browser.token(in: try await browser.get("/admin"))
            let published = try await browser.post("/admin/versions/2/publish", ["csrf_token": token])
            #expect(published.headers[.location] == "/admin?published=2")
            #expect(String(buffer: try await browser.get("/admin?published=2").body).contains("Version 2 is now published."))
            let current = try await client.execute(uri: "/api/v1/datasets/current", method: .get) { String(buffer: $0.body) }
            #expect(current.contains(#""version":2"#))

            #expect(try await browser.post("/admin/rollback", ["csrf_token": token]).headers[.location] == "/admin?published=1")
            let after = try await client.execute(uri: "/api/v1/datasets/current", method: .get) { String(buffer: $0.body) }
            #expect(after.contains(#""version":1"#))
            #expect(try await browser.post("/admin/versions/99/publish", ["csrf_token": token]).status == .notFound)
        }
    }

    @Test func signingOutEndsTheSession() async throws {
        try await withApp { client in
            let browser = Browser(client)
            _ = try await browser.signIn()
            let token = try Browser.token(in: try await browser.get("/admin"))
            let stolen = try #require(browser.cookies["mycandidate_admin"])
            #expect(try await browser.post("/admin/logout", ["csrf_token": token]).headers[.location] == "/admin/login")
            #expect(try await browser.get("/admin").status == .seeOther)
            // The old cookie is dead on the server, not just forgotten by the browser.
            let replay = Browser(client)
            replay.cookies["mycandidate_admin"] = stolen
            #expect(try await replay.get("/admin").status == .seeOther)
        }
    }

    @Test func repeatedFailuresThrottleTheAccount() async throws {
        try await withApp { client in
            for _ in 0..<5 {
                #expect(try await Browser(client).signIn(password: "not the passphrase").status == .unauthorized)
            }
            let response = try await Browser(client).signIn()
            #expect(response.status == .tooManyRequests)
            #expect(Int(response.headers[.retryAfter] ?? "") ?? 0 > 0)
        }
    }
}
