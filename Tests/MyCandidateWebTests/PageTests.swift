import Hummingbird
import HummingbirdTesting
import MyCandidateWeb
import Testing

@Suite struct PageTests {
    func withApp(_ body: @Sendable (any TestClientProtocol) async throws -> Void) async throws {
        let app = try await buildApplication(try await WebFixture.config())
        try await app.test(.router, body)
    }

    @Test func homeListsEveryBallotWithAPicker() async throws {
        try await withApp { client in
            try await client.execute(uri: "/", method: .get) { response in
                #expect(response.status == .ok)
                #expect(response.headers[.contentType] == "text/html; charset=utf-8")
                try HTMLSnapshot.assert(String(buffer: response.body), named: "home")
            }
        }
    }

    /// Route parameters are percent-decoded, whether or not a client encoded them. (Only the
    /// language switcher's links differ: they repeat the path as it was asked for.)
    @Test func percentEncodedParametersFindTheSamePage() async throws {
        try await withApp { client in
            for (plain, encoded) in [
                ("/ballots/ward/areas/ward-1", "/ballots/ward/areas/ward%2D1"),
                ("/parties/harbour-democrats", "/parties/harbour%2ddemocrats"),
            ] {
                let expected = try await client.execute(uri: plain, method: .get) { String(buffer: $0.body) }
                try await client.execute(uri: encoded, method: .get) { response in
                    #expect(response.status == .ok, "\(encoded)")
                    let body = String(buffer: response.body).replacingOccurrences(of: encoded + "?lang=", with: plain + "?lang=")
                    #expect(body == expected, "\(encoded)")
                }
            }
        }
    }

    @Test func partyListResultsGroupByPartyWithHeadline() async throws {
        try await withApp { client in
            try await client.execute(uri: "/ballots/provincial/areas/kwazulu-natal", method: .get) { response in
                #expect(response.status == .ok)
                let html = String(buffer: response.body)
                #expect(html.contains("Amani &lt;script&gt;alert(1)&lt;/script&gt; Dlamini"))
                #expect(!html.contains("<script>"))
                try HTMLSnapshot.assert(html, named: "results-party-list")
            }
        }
    }

    @Test func singleMemberResultsShowEachCandidatesParty() async throws {
        try await withApp { client in
            try await client.execute(uri: "/ballots/ward/areas/ward-1", method: .get) { response in
                #expect(response.status == .ok)
                try HTMLSnapshot.assert(String(buffer: response.body), named: "results-single-member")
            }
        }
    }

    @Test func ballotPageListsAreasWithTheirParent() async throws {
        try await withApp { client in
            try await client.execute(uri: "/ballots/ward", method: .get) { response in
                #expect(response.status == .ok)
                try HTMLSnapshot.assert(String(buffer: response.body), named: "ballot")
            }
        }
    }

    @Test func allMyBallotsShowsEveryBallotThroughTheHierarchy() async throws {
        try await withApp { client in
            try await client.execute(uri: "/areas/ward-1", method: .get) { response in
                #expect(response.status == .ok)
                let html = String(buffer: response.body)
                #expect(html.contains("<h1>Every ballot in Harbour</h1>"))
                try HTMLSnapshot.assert(html, named: "area-ballots")
            }
            try await client.execute(uri: "/ballots/ward/areas/ward-1", method: .get) { response in
                #expect(String(buffer: response.body).contains(#"<a href="/areas/ward-1">Every ballot for a voter in Harbour</a>"#))
            }
            try await client.execute(uri: "/areas/constituency-9", method: .get) { response in
                #expect(response.status == .notFound)
            }
            try await client.execute(uri: "/pick?area=ward-1", method: .get) { response in
                #expect(response.status == .found)
                #expect(response.headers[.location] == "/areas/ward-1")
            }
        }
    }

    @Test func pickerRedirectsToTheStableResultsURL() async throws {
        try await withApp { client in
            try await client.execute(uri: "/pick?ballot=ward&area=ward-1", method: .get) { response in
                #expect(response.status == .found)
                #expect(response.headers[.location] == "/ballots/ward/areas/ward-1")
            }
            try await client.execute(uri: "/pick?ballot=ward", method: .get) { response in
                #expect(response.status == .badRequest)
                #expect(String(buffer: response.body).contains("the area parameter is missing"))
            }
        }
    }

    @Test(arguments: [
        "/ballots/ward/areas/ward-99",
        "/ballots/ward/areas/kwazulu-natal",
        "/ballots/senate/areas/ward-1",
        "/no/such/page",
    ])
    func unknownThingsAreNotFoundPages(uri: String) async throws {
        try await withApp { client in
            try await client.execute(uri: uri, method: .get) { response in
                #expect(response.status == .notFound)
                #expect(String(buffer: response.body).contains("<title>Page not found · Fixture Elections 2026</title>"))
            }
        }
    }

    @Test func notFoundPageSnapshot() async throws {
        try await withApp { client in
            try await client.execute(uri: "/ballots/ward/areas/ward-99", method: .get) { response in
                try HTMLSnapshot.assert(String(buffer: response.body), named: "not-found")
            }
        }
    }

    @Test func healthReportsTheServedVersion() async throws {
        try await withApp { client in
            try await client.execute(uri: "/healthz", method: .get) { response in
                #expect(response.status == .ok)
                #expect(String(buffer: response.body) == #"{"status":"ok","dataset_version":1}"#)
            }
        }
    }

    @Test func anEmptyDatabaseSaysNothingIsPublished() async throws {
        let app = try await buildApplication(try await WebFixture.config(publishing: nil))
        try await app.test(.router) { client in
            try await client.execute(uri: "/", method: .get) { response in
                #expect(response.status == .ok)
                #expect(String(buffer: response.body).contains("No candidate list has been published yet."))
            }
            try await client.execute(uri: "/healthz", method: .get) { response in
                #expect(String(buffer: response.body) == #"{"status":"ok","dataset_version":null}"#)
            }
        }
    }
}

@Suite struct AboutPageTests {
    @Test func aboutNamesTheLiveVersionAndItsSources() async throws {
        let app = try await buildApplication(try await WebFixture.config())
        try await app.test(.router) { client in
            try await client.execute(uri: "/about", method: .get) { response in
                #expect(response.status == .ok)
                let html = String(buffer: response.body)
                #expect(html.contains("This site shows candidate list version 1."))
                #expect(html.contains("<tr><td>fixture.csv</td><td><code>\(String(repeating: "0", count: 64))</code></td></tr>"))
                #expect(html.contains("2 ballots, 2 parties, 6 candidates"))
                try HTMLSnapshot.assert(html, named: "about")
            }
        }
    }
}

@Suite struct CandidateLinkTests {
    @Test func namesLinkOnlyWhereTheOperatorConfiguredIt() async throws {
        var config = try await WebFixture.config()
        config.candidateLink = "https://news.example/search?q={name}"
        let app = try await buildApplication(config)
        try await app.test(.router) { client in
            try await client.execute(uri: "/ballots/ward/areas/ward-1", method: .get) { response in
                #expect(String(buffer: response.body).contains(
                    #"<a href="https://news.example/search?q=Baraka%20Ochieng" rel="noopener noreferrer">Baraka Ochieng</a>"#
                ))
            }
        }
    }

    @Test func theLinkMustBeHTTPSWithAName() throws {
        #expect(throws: ConfigError.self) { try AppConfig(environment: ["CANDIDATE_LINK": "http://x.example/?q={name}"]) }
        #expect(throws: ConfigError.self) { try AppConfig(environment: ["CANDIDATE_LINK": "https://x.example/"]) }
        #expect(try AppConfig(environment: ["CANDIDATE_LINK": "https://x.example/?q={name}"]).candidateLink == "https://x.example/?q={name}")
        #expect(try AppConfig(environment: [:]).candidateLink == nil)
    }
}
