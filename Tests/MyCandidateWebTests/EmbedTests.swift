import Hummingbird
import HummingbirdTesting
@testable import MyCandidateWeb
import Testing

@Suite struct EmbedTests {
    func withApp(_ body: @Sendable (any TestClientProtocol) async throws -> Void) async throws {
        let app = try await buildApplication(try await WebFixture.config())
        try await app.test(.router, body)
    }

    @Test func embedPagesMayBeFramedAndNothingElseMay() async throws {
        try await withApp { client in
            for uri in ["/embed", "/embed/ballots/ward/areas/ward-1", "/embed/areas/ward-1"] {
                try await client.execute(uri: uri, method: .get) { response in
                    #expect(response.status == .ok, "\(uri)")
                    #expect(response.headers[.contentSecurityPolicy]?.contains("frame-ancestors *") == true)
                    #expect(response.headers[.xFrameOptions] == nil)
                }
            }
            for uri in ["/", "/ballots/ward/areas/ward-1", "/embed-code", "/embedded"] {
                try await client.execute(uri: uri, method: .get) { response in
                    #expect(response.headers[.contentSecurityPolicy]?.contains("frame-ancestors 'none'") == true, "\(uri)")
                    #expect(response.headers[.xFrameOptions] == "DENY")
                }
            }
        }
    }

    @Test func embedPagesHaveMinimalChromeAndKeepVotersInTheFrame() async throws {
        try await withApp { client in
            try await client.execute(uri: "/embed", method: .get) { response in
                let html = String(buffer: response.body)
                #expect(!html.contains("<header>"))
                #expect(html.contains(#"<base target="_top">"#))
                #expect(html.contains(#"<script src="/static/\#(EmbedScripts.resizeFile)" defer></script>"#))
                #expect(html.contains(#"<form method="get" action="/pick" target="_self">"#))
                #expect(html.contains(#"<input type="hidden" name="embed" value="1">"#))
                // The search stays in the frame: its form, suggestions and results are embed pages.
                #expect(html.contains(#"action="/embed/search" method="get" target="_self" data-suggest="/embed/search/suggest""#))
            }
            try await client.execute(uri: "/embed/search/suggest?q=harbour", method: .get) { response in
                #expect(String(buffer: response.body).contains(#""url":"/embed/areas/ward-1""#))
            }
            try await client.execute(uri: "/embed/search?q=harbour", method: .get) { response in
                #expect(response.headers[.contentSecurityPolicy]?.contains("frame-ancestors *") == true)
                #expect(String(buffer: response.body).contains(#"<a href="/embed/areas/ward-1" target="_self">"#))
            }
            try await client.execute(uri: "/pick?ballot=ward&area=ward-1&embed=1", method: .get) { response in
                #expect(response.headers[.location] == "/embed/ballots/ward/areas/ward-1")
            }
            try await client.execute(uri: "/embed/ballots/ward/areas/ward-1", method: .get) { response in
                let html = String(buffer: response.body)
                #expect(html.contains(#"<a href="/embed/areas/ward-1" target="_self">"#))
                // Pages without an embed version open in the partner's window (base target).
                #expect(html.contains(#"<a href="/ballots/ward">Ward</a>"#))
                #expect(html.contains(#"<p><a href="/">Fixture Elections 2026</a></p>"#))
                try HTMLSnapshot.assert(html, named: "embed-results")
            }
        }
    }

    /// The snippet's origin comes from request headers, which anyone can forge: the page must
    /// never be cached, or one forged request would hand every partner an attacker's iframe.
    @Test func aForgedHostNeverReachesAnotherVisitorsSnippet() async throws {
        try await withApp { client in
            try await client.execute(uri: "/embed-code", method: .get, headers: [.xForwardedProto: "https"]) { response in
                #expect(response.headers[.cacheControl] == "private, no-store")
                #expect(String(buffer: response.body).contains("https://localhost/embed"))
            }
            try await client.execute(uri: "/embed-code", method: .get) { response in
                #expect(!String(buffer: response.body).contains("https://localhost"))
            }
        }
    }

    @Test func partnersGetASnippetAndTheScriptsAreCacheable() async throws {
        try await withApp { client in
            try await client.execute(uri: "/embed-code", method: .get) { response in
                let html = String(buffer: response.body)
                #expect(html.contains("&lt;iframe src=&quot;http://localhost/embed&quot;"))
                #expect(html.contains("mycandidate:height"))
                #expect(html.contains(#"<script src="/static/\#(EmbedScripts.copyFile)" defer></script>"#))
            }
            for file in [EmbedScripts.resizeFile, EmbedScripts.copyFile] {
                try await client.execute(uri: "/static/" + file, method: .get) { response in
                    #expect(response.status == .ok)
                    #expect(response.headers[.contentType] == "text/javascript; charset=utf-8")
                    #expect(response.headers[.cacheControl] == "public, max-age=31536000, immutable")
                }
            }
        }
    }
}
