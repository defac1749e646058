import Foundation
import Hummingbird
import HummingbirdTesting
import MyCandidateDomain
import MyCandidateWeb
import Testing

@Suite struct APICandidateTests {
    func withApp(wardBallot: String = "ward", _ body: @Sendable (any TestClientProtocol) async throws -> Void) async throws {
        var config = try await WebFixture.config()
        config.apiWardBallot = wardBallot
        let app = try await buildApplication(config)
        try await app.test(.router, body)
    }

    func json(_ response: TestResponse) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(buffer: response.body)) as? [String: Any])
    }

    func fullNames(_ client: any TestClientProtocol, _ uri: String) async throws -> [String] {
        try await client.execute(uri: uri, method: .get) { response in
            #expect(response.status == .ok, "\(uri)")
            let candidates = try #require(try json(response)["candidates"] as? [[String: Any]])
            return candidates.compactMap { $0["full_name"] as? String }
        }
    }

    @Test func candidatesAreFoundByNameIgnoringCaseAndAccents() async throws {
        try await withApp { client in
            #expect(try await fullNames(client, "/api/v1/candidates?q=RENEE") == ["Renée du Plessis"])
            #expect(try await fullNames(client, "/api/v1/candidates?q=kam%20wanj") == ["Wanjiru Kamau"])
            #expect(try await fullNames(client, "/api/v1/candidates?q=%21%21").isEmpty)
            try await client.execute(uri: "/api/v1/candidates?q=wanj", method: .get) { response in
                let candidate = try #require((try json(response)["candidates"] as? [[String: Any]])?.first)
                #expect(candidate["ballot"] as? String == "ward")
                #expect((candidate["area"] as? [String: Any])?["id"] as? String == "ward-1")
                #expect(candidate["party"] == nil, "an independent has no party")
            }
        }
    }

    @Test func candidatesAreNarrowedByBallotAndParty() async throws {
        try await withApp { client in
            // Ballot paper order on the single-member ward ballot: by surname.
            #expect(try await fullNames(client, "/api/v1/candidates?ballot=ward") == ["Wanjiru Kamau", "Baraka Ochieng"])
            #expect(try await fullNames(client, "/api/v1/candidates?party=harbour-democrats") == ["Renée du Plessis", "Baraka Ochieng"])
            #expect(try await fullNames(client, "/api/v1/candidates?party=harbour-democrats&ballot=ward&q=bar") == ["Baraka Ochieng"])
            for (uri, type) in [
                ("/api/v1/candidates?ballot=senate", "unknown-ballot"), ("/api/v1/candidates?party=nobody", "unknown-party"),
            ] {
                try await client.execute(uri: uri, method: .get) { response in
                    #expect(response.status == .notFound)
                    let problemType = try json(response)["type"] as? String
                    #expect(problemType == "urn:mycandidate:problem:" + type)
                }
            }
            let long = String(repeating: "a", count: 101)
            try await client.execute(uri: "/api/v1/candidates?q=" + long, method: .get) { response in
                #expect(response.status == .badRequest)
                let parameter = try json(response)["parameter"] as? String
                #expect(parameter == "q")
            }
        }
    }

    @Test func candidatePagesFollowTheirCursorThroughEveryone() async throws {
        try await withApp { client in
            let everyone = try await fullNames(client, "/api/v1/candidates")
            #expect(everyone.count == 6)
            #expect(try await fullNames(client, "/api/v1/candidates?cursor=") == everyone, "an empty cursor is page one")
            let paged = try await APIPaging.collect(client, "/api/v1/candidates?limit=4", list: "candidates", field: "full_name")
            #expect(paged == everyone)
        }
    }

    @Test func theLegacyWardEndpointKeepsItsShape() async throws {
        try await withApp { client in
            for id in ["1", "ward-1"] {
                try await client.execute(uri: "/api/v1/wards/\(id)/candidates", method: .get) { response in
                    #expect(response.status == .ok)
                    let body = try json(response)
                    #expect(body["ward"] as? String == "1")
                    #expect(body["count"] as? Int == 2)
                    let candidates = try #require(body["candidates"] as? [[String: Any]])
                    // By party, independents last.
                    #expect(candidates.map { $0["full_names"] as? String } == ["Baraka", "Wanjiru"])
                    #expect(candidates.map { $0["surname"] as? String } == ["Ochieng", "Kamau"])
                    #expect(candidates[0]["party"] as? String == "Harbour Democrats")
                }
            }
            try await client.execute(uri: "/api/v1/wards/99/candidates", method: .get) { response in
                #expect(response.status == .notFound)
                let body = try json(response)
                #expect(body as NSDictionary == ["error": "Ward not found", "ward_id": "99"] as NSDictionary)
            }
            // An area that exists, but not on the ward ballot.
            try await client.execute(uri: "/api/v1/wards/county-1/candidates", method: .get) { response in
                #expect(response.status == .notFound)
            }
        }
    }

    @Test func theWardBallotIsConfigurable() async throws {
        try await withApp(wardBallot: "provincial") { client in
            try await client.execute(uri: "/api/v1/wards/kwazulu-natal/candidates", method: .get) { response in
                let candidates = try #require(try json(response)["candidates"] as? [[String: Any]])
                // Party name, then list position; the tie at position 1 keeps the results page's order.
                #expect(candidates.map { $0["surname"] as? String } == ["du Plessis", "Dlamini", "Nkosi", "Zulu"])
                #expect(candidates.map { $0["orderno"] as? Int } == [1, 1, 1, 2])
            }
            try await client.execute(uri: "/api/v1/wards/1/candidates", method: .get) { response in
                #expect(response.status == .notFound)
            }
        }
    }
}
