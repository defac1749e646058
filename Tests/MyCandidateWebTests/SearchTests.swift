import Hummingbird
import HummingbirdTesting
import MyCandidateDomain
@testable import MyCandidateWeb
import Testing

@Suite struct SearchTests {
    func withApp(_ body: @Sendable (any TestClientProtocol) async throws -> Void) async throws {
        let app = try await buildApplication(try await WebFixture.config())
        try await app.test(.router, body)
    }

    @Test func theSearchPageListsMatchesBestFirst() async throws {
        try await withApp { client in
            try await client.execute(uri: "/search?q=Lake", method: .get) { response in
                #expect(response.status == .ok)
                #expect(response.headers[.contentType] == "text/html; charset=utf-8")
                #expect(response.headers[.cacheControl] == "public, max-age=60, stale-while-revalidate=600")
                try HTMLSnapshot.assert(String(buffer: response.body), named: "search")
            }
        }
    }

    /// Several ballots through the hierarchy lead to all-my-ballots; a single one straight to
    /// its results. (In the shared fixture every area has both ballots, its only ward making
    /// the ward ballot everyone's; a second ward makes it a local one.)
    @Test func eachAreaLinksToWhatAVoterThereReceives() async throws {
        var dataset = WebFixture.dataset
        dataset.areas.append(Area(id: "ward-2", code: "2", name: "Reedbank", level: "ward", parentID: "constituency-1"))
        dataset.candidates.append(Candidate(ballotKey: "ward", areaID: "ward-2", partyKey: nil, givenNames: "Achieng", surname: "Otieno"))
        let app = try await buildApplication(try await WebFixture.config(publishing: dataset))
        try await app.test(.router) { client in
            try await client.execute(uri: "/search?q=harbour", method: .get) { response in
                let html = String(buffer: response.body)
                #expect(html.contains(#"<li><a href="/areas/ward-1">Harbour</a> <span class="muted">· Ward · Lakeside North, Lakeside · 2 ballots</span></li>"#))
                #expect(html.contains("<p>1 area matches “harbour”.</p>"))
            }
            try await client.execute(uri: "/search?q=KWAZULU+NATAL", method: .get) { response in
                let html = String(buffer: response.body)
                #expect(html.contains(#"<li><a href="/ballots/provincial/areas/kwazulu-natal">KwaZulu‐Natal</a> <span class="muted">· Province · 1 ballot</span></li>"#))
                #expect(html.contains(#"value="KWAZULU NATAL""#))
            }
            try await client.execute(uri: "/search/suggest?q=lakeside", method: .get) { response in
                #expect(String(buffer: response.body) == #"""
                    {"query":"lakeside","results":[{"context":"County","id":"county-1","name":"Lakeside","url":"/ballots/provincial/areas/kwazulu-natal"},\#
                    {"context":"Constituency · Lakeside","id":"constituency-1","name":"Lakeside North","url":"/ballots/provincial/areas/kwazulu-natal"}]}
                    """#)
            }
            try await client.execute(uri: "/search?q=nowhere", method: .get) { response in
                #expect(response.status == .ok)
                #expect(String(buffer: response.body).contains("No area matches “nowhere”."))
            }
        }
    }

    @Test(arguments: ["/search", "/search?q=", "/search?q=+++"])
    func withoutAQueryThePageIsTheFormWithAHint(uri: String) async throws {
        try await withApp { client in
            try await client.execute(uri: uri, method: .get) { response in
                #expect(response.status == .ok)
                let html = String(buffer: response.body)
                #expect(html.contains(#"<form role="search" class="area-search" action="/search" method="get""#))
                #expect(html.contains(#"<p id="area-search-hint" class="muted">Type part of your area’s name, or its code.</p>"#))
                #expect(html.contains("<title>Find your area · Fixture Elections 2026</title>"))
                #expect(!html.contains("search-results"))
            }
        }
    }

    @Test func theQueryIsEscapedAndKeepsTheLanguage() async throws {
        try await withApp { client in
            try await client.execute(uri: "/search?q=%22%3E%3Cscript%3Ealert(1)%3C/script%3E", method: .get) { response in
                let html = String(buffer: response.body)
                #expect(html.contains(#"value="&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;""#))
                #expect(!html.contains("<script>"))
            }
            try await client.execute(uri: "/search?q=harbour&lang=sw", method: .get) { response in
                let html = String(buffer: response.body)
                #expect(html.contains(#"<input type="hidden" name="lang" value="sw">"#))
                #expect(html.contains(#"<a href="/areas/ward-1?lang=sw">Harbour</a>"#))
                #expect(html.contains("<h1>Tafuta eneo lako</h1>"))
            }
        }
    }

    @Test func suggestionsAreJSON() async throws {
        try await withApp { client in
            // U+2010, percent-encoded, finds the name written with it.
            try await client.execute(uri: "/search/suggest?q=kwazulu%E2%80%90natal", method: .get) { response in
                #expect(response.status == .ok)
                #expect(response.headers[.contentType] == "application/json; charset=utf-8")
                #expect(response.headers[.cacheControl] == "public, max-age=60")
                #expect(String(buffer: response.body) == #"""
                    {"query":"kwazulu‐natal","results":[{"context":"Province","id":"kwazulu-natal","name":"KwaZulu‐Natal","url":"/areas/kwazulu-natal"}]}
                    """#)
            }
            try await client.execute(uri: "/search/suggest?q=ward+1&lang=sw", method: .get) { response in
                #expect(String(buffer: response.body) == #"""
                    {"query":"ward 1","results":[{"context":"Ward · Lakeside North, Lakeside","id":"ward-1","name":"Harbour","url":"/areas/ward-1?lang=sw"}]}
                    """#)
            }
            try await client.execute(uri: "/search/suggest?q=1", method: .get) { response in
                let body = String(buffer: response.body)
                #expect(body.hasPrefix(#"{"query":"1","results":[{"context":"County","id":"county-1","#))
            }
            try await client.execute(uri: "/search/suggest", method: .get) { response in
                #expect(String(buffer: response.body) == #"{"query":"","results":[]}"#)
            }
        }
    }

    @Test(arguments: ["/search", "/search/suggest"])
    func aQueryLongerThan100CharactersIsRefused(path: String) async throws {
        try await withApp { client in
            try await client.execute(uri: path + "?q=" + String(repeating: "a", count: 101), method: .get) { response in
                #expect(response.status == .badRequest)
                #expect(String(buffer: response.body).contains("Type at most 100 characters to search."))
            }
            try await client.execute(uri: path + "?q=" + String(repeating: "é", count: 100), method: .get) { response in
                #expect(response.status == .ok)
            }
        }
    }

    @Test func theScriptIsImmutableAndNeedsNoInlineScript() async throws {
        try await withApp { client in
            let html = try await client.execute(uri: "/search?q=lake", method: .get) { String(buffer: $0.body) }
            #expect(html.contains(#"<script src="\#(SearchScript.path)" defer></script>"#))
            #expect(SearchScript.path.wholeMatch(of: /\/static\/search\.[0-9a-f]{16}\.js/) != nil)
            // Every script is a file, and no element has an inline handler, as the CSP requires.
            #expect(html.matches(of: /<script/).count == html.matches(of: /<script src="[^"]+" defer><\/script>/).count)
            #expect(html.firstMatch(of: /\son[a-z]+=/) == nil)
            try await client.execute(uri: SearchScript.path, method: .get) { response in
                #expect(response.status == .ok)
                #expect(response.headers[.contentType] == "text/javascript; charset=utf-8")
                #expect(response.headers[.cacheControl] == "public, max-age=31536000, immutable")
                #expect(response.headers[.contentSecurityPolicy]?.contains("script-src 'self'") == true)
                let script = String(buffer: response.body)
                #expect(script == SearchScript.source)
                for forbidden in ["eval(", "new Function", "innerHTML", "document.write", "setAttribute(\"on"] {
                    #expect(!script.contains(forbidden), "\(forbidden)")
                }
            }
            try await client.execute(uri: "/static/search.0000000000000000.js", method: .get) { response in
                #expect(response.status == .notFound)
            }
        }
    }

    @Test func formValuesDecodeLikeABrowserSentThem() {
        #expect(SearchController.formValue("q", in: "lang=sw&q=lakeside+north") == "lakeside north")
        #expect(SearchController.formValue("q", in: "q=a%2Bb%20c") == "a+b c")
        #expect(SearchController.formValue("q", in: "q") == "")
        #expect(SearchController.formValue("q", in: "qq=1") == nil)
        #expect(SearchController.formValue("q", in: nil) == nil)
    }
}
