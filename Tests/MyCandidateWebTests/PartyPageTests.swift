import Hummingbird
import HummingbirdTesting
import MyCandidateDomain
@testable import MyCandidateWeb
import Testing

@Suite struct PartyPageTests {
    func withApp(_ dataset: Dataset = WebFixture.dataset, _ body: @Sendable (any TestClientProtocol) async throws -> Void) async throws {
        let app = try await buildApplication(try await WebFixture.config(publishing: dataset))
        try await app.test(.router, body)
    }

    @Test func partiesAreListedWithTheirCandidateCounts() async throws {
        try await withApp { client in
            try await client.execute(uri: "/parties", method: .get) { response in
                #expect(response.status == .ok)
                let html = String(buffer: response.body)
                #expect(html.contains(#"<tr><td><a href="/parties/harbour-democrats">Harbour Democrats</a> (HD)</td><td>2 candidates</td></tr>"#))
                #expect(html.contains(#"<tr><td><a href="/parties/sunrise-alliance">Sunrise Alliance</a> (SUN)</td><td>3 candidates</td></tr>"#))
                try HTMLSnapshot.assert(html, named: "parties")
            }
        }
    }

    @Test func aPartyPageShowsWhereItStands() async throws {
        try await withApp { client in
            try await client.execute(uri: "/parties/harbour-democrats", method: .get) { response in
                #expect(response.status == .ok)
                let html = String(buffer: response.body)
                // A party list links to the party's own list; a single-member ballot to its results.
                #expect(html.contains(#"<a href="/ballots/provincial/areas/kwazulu-natal/parties/harbour-democrats">KwaZulu‐Natal</a>"#))
                #expect(html.contains(#"<a href="/ballots/ward/areas/ward-1">Harbour (Lakeside North)</a>"#))
                try HTMLSnapshot.assert(html, named: "party")
            }
            try await client.execute(uri: "/parties/no-such-party", method: .get) { response in
                #expect(response.status == .notFound)
            }
        }
    }

    @Test func aPartysWholeListHasItsOwnPage() async throws {
        try await withApp { client in
            try await client.execute(uri: "/ballots/provincial/areas/kwazulu-natal/parties/sunrise-alliance", method: .get) { response in
                #expect(response.status == .ok)
                let html = String(buffer: response.body)
                #expect(html.contains("<h1><a href=\"/parties/sunrise-alliance\">Sunrise Alliance in KwaZulu‐Natal</a></h1>"))
                try HTMLSnapshot.assert(html, named: "party-list")
            }
            try await client.execute(uri: "/ballots/ward/areas/ward-1/parties/harbour-democrats", method: .get) { response in
                #expect(response.status == .notFound, "single-member ballots have no party lists")
            }
        }
    }

    /// The national list has up to 200 names per party: the results page shows the first
    /// names and links to the rest.
    @Test func longListsAreCutShortOnTheResultsPage() async throws {
        var dataset = WebFixture.dataset
        dataset.candidates += (3...30).map { (n: Int) in
            Candidate(ballotKey: "provincial", areaID: "kwazulu-natal", partyKey: "harbour-democrats", givenNames: "Name\(n)", surname: "Long", listPosition: n)
        }
        try await withApp(dataset) { client in
            try await client.execute(uri: "/ballots/provincial/areas/kwazulu-natal", method: .get) { response in
                let html = String(buffer: response.body)
                #expect(html.contains("Name26 Long"))
                #expect(!html.contains("Name27 Long"))
                #expect(html.contains(#"<a href="/ballots/provincial/areas/kwazulu-natal/parties/harbour-democrats">See the whole list (29 names)</a>"#))
            }
            try await client.execute(uri: "/ballots/provincial/areas/kwazulu-natal/parties/harbour-democrats", method: .get) { response in
                #expect(String(buffer: response.body).contains("Name30 Long"))
            }
        }
    }
}
