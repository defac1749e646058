import Foundation
import Hummingbird
import HummingbirdTesting
import Logging
import MyCandidateAPI
import MyCandidateCache
import MyCandidateDomain
import MyCandidateStorage
import MyCandidateWeb
import Testing

@Suite struct APITests {
    func withApp(_ body: @Sendable (any TestClientProtocol) async throws -> Void) async throws {
        let app = try await buildApplication(try await WebFixture.config())
        try await app.test(.router, body)
    }

    func json(_ response: TestResponse) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(buffer: response.body)) as? [String: Any])
    }

    @Test func ballotsListKindsLevelsAndCounts() async throws {
        try await withApp { client in
            try await client.execute(uri: "/api/v1/ballots", method: .get) { response in
                #expect(response.status == .ok)
                #expect(response.headers[.accessControlAllowOrigin] == "*")
                #expect(response.headers[.accessControlExposeHeaders] == "ETag, Retry-After")
                let ballots = try #require(try json(response)["ballots"] as? [[String: Any]])
                #expect(ballots.map { $0["key"] as? String } == ["provincial", "ward"])
                #expect(ballots[0]["kind"] as? String == "party_list")
                #expect(ballots[0]["candidates"] as? Int == 4)
                #expect(ballots[1]["area_level"] as? String == "ward")
            }
        }
    }

    @Test func areasAreSearchablePagedAndFilteredByParent() async throws {
        try await withApp { client in
            // "kwazulu-natal" (ASCII hyphen) finds KwaZulu‐Natal (U+2010).
            try await client.execute(uri: "/api/v1/ballots/provincial/areas?q=kwazulu-natal", method: .get) { response in
                let areas = try #require(try json(response)["areas"] as? [[String: Any]])
                #expect(areas.map { $0["id"] as? String } == ["kwazulu-natal"])
            }
            try await client.execute(uri: "/api/v1/ballots/ward/areas?parent=constituency-1", method: .get) { response in
                let areas = try #require(try json(response)["areas"] as? [[String: Any]])
                #expect(areas.map { $0["parent"] as? String } == ["constituency-1"])
            }
            try await client.execute(uri: "/api/v1/ballots/ward/areas?parent=county-1", method: .get) { response in
                let areas = try json(response)["areas"] as? [Any]
                #expect(areas?.isEmpty == true, "parent means the direct parent")
            }
        }
    }

    @Test func pagesFollowTheirCursor() async throws {
        var dataset = WebFixture.dataset
        dataset.areas += (2...5).map { Area(id: "ward-\($0)", code: "\($0)", name: "Ward \($0)", level: "ward", parentID: "constituency-1") }
        dataset.candidates += (2...5).map { Candidate(ballotKey: "ward", areaID: "ward-\($0)", partyKey: nil, givenNames: "C", surname: "\($0)") }
        let app = try await buildApplication(try await WebFixture.config(publishing: dataset))
        try await app.test(.router) { client in
            let all = try await APIPaging.collect(client, "/api/v1/ballots/ward/areas?limit=2", list: "areas", field: "id")
            #expect(all == ["ward-1", "ward-2", "ward-3", "ward-4", "ward-5"])
            // A search pages the same way, in the list's own (name) order.
            let found = try await APIPaging.collect(client, "/api/v1/ballots/ward/areas?q=ward&limit=3", list: "areas", field: "id")
            #expect(found == ["ward-2", "ward-3", "ward-4", "ward-5"])
        }
    }

    @Test(arguments: [
        ("/api/v1/ballots/ward/areas?limit=0", "limit"),
        ("/api/v1/ballots/ward/areas?limit=abc", "limit"),
        ("/api/v1/ballots/ward/areas?cursor=nonsense", "cursor"),
    ])
    func badParametersAre400sNamingTheParameter(uri: String, parameter: String) async throws {
        try await withApp { client in
            try await client.execute(uri: uri, method: .get) { response in
                #expect(response.status == .badRequest)
                #expect(response.headers[.contentType]?.hasPrefix("application/problem+json") == true)
                let problem = try json(response)
                #expect(problem["type"] as? String == "urn:mycandidate:problem:bad-parameter")
                #expect(problem["parameter"] as? String == parameter)
                #expect(problem["status"] as? Int == 400)
            }
        }
    }

    @Test(arguments: [
        ("/api/v1/ballots/senate/areas", "urn:mycandidate:problem:unknown-ballot"),
        ("/api/v1/ballots/ward/areas/ward-9", "urn:mycandidate:problem:unknown-area"),
        ("/api/v1/ballots/ward/areas/kwazulu-natal", "urn:mycandidate:problem:unknown-area"),
    ])
    func unknownThingsAre404Problems(uri: String, type: String) async throws {
        try await withApp { client in
            try await client.execute(uri: uri, method: .get) { response in
                #expect(response.status == .notFound)
                #expect(response.headers[.contentType]?.hasPrefix("application/problem+json") == true)
                let problem = try json(response)
                #expect(problem["type"] as? String == type)
            }
        }
    }

    @Test func anAreaListsItsCandidatesGroupedAsTheResultsPageDoes() async throws {
        try await withApp { client in
            try await client.execute(uri: "/api/v1/ballots/provincial/areas/kwazulu-natal", method: .get) { response in
                let body = try json(response)
                #expect(body["kind"] as? String == "party_list")
                #expect(body["candidate_count"] as? Int == 4)
                let parties = try #require(body["parties"] as? [[String: Any]])
                #expect(parties.map { ($0["party"] as? [String: Any])?["slug"] as? String } == ["harbour-democrats", "sunrise-alliance"])
                let sunrise = parties[1]
                #expect((sunrise["headline"] as? [String: Any])?["surname"] as? String == "Dlamini")
                #expect((sunrise["others"] as? [[String: Any]])?.map { $0["surname"] as? String } == ["Nkosi", "Zulu"])
                #expect((sunrise["others"] as? [[String: Any]])?.map { $0["list_position"] as? Int } == [1, 2])
            }
            try await client.execute(uri: "/api/v1/ballots/ward/areas/ward-1", method: .get) { response in
                let body = try json(response)
                #expect(body["kind"] as? String == "single_member")
                let candidates = try #require(body["candidates"] as? [[String: Any]])
                #expect(candidates.map { $0["surname"] as? String } == ["Kamau", "Ochieng"])
                #expect(candidates[0]["party"] == nil, "an independent has no party")
                #expect((candidates[1]["party"] as? [String: Any])?["code"] as? String == "007")
            }
        }
    }

    @Test func theCurrentDatasetAndItsETag() async throws {
        try await withApp { client in
            let etag = try await client.execute(uri: "/api/v1/datasets/current", method: .get) { response in
                let body = try json(response)
                #expect(body["version"] as? Int == 1)
                #expect((body["counts"] as? [String: Any])?["candidates"] as? Int == 6)
                #expect((body["sources"] as? [[String: Any]])?.first?["file"] as? String == "fixture.csv")
                return try #require(response.headers[.eTag])
            }
            #expect(etag == "\"api-1\"")
            try await client.execute(uri: "/api/v1/datasets/current", method: .get, headers: [.ifNoneMatch: etag]) { response in
                #expect(response.status == .notModified)
                #expect(response.body.readableBytes == 0)
            }
        }
    }

    @Test func anAreasBallotsComeThroughTheHierarchy() async throws {
        try await withApp { client in
            try await client.execute(uri: "/api/v1/areas/ward-1/ballots", method: .get) { response in
                let body = try json(response)
                #expect((body["area"] as? [String: Any])?["name"] as? String == "Harbour")
                let ballots = try #require(body["ballots"] as? [[String: Any]])
                // The fixture's only province counts as contested for everyone.
                #expect(ballots.map { $0["ballot"] as? String } == ["provincial", "ward"])
                #expect(ballots.map { ($0["area"] as? [String: Any])?["id"] as? String } == ["kwazulu-natal", "ward-1"])
            }
            try await client.execute(uri: "/api/v1/areas/nowhere/ballots", method: .get) { response in
                #expect(response.status == .notFound)
                let problem = try json(response)
                #expect(problem["type"] as? String == "urn:mycandidate:problem:unknown-area")
            }
        }
    }

    @Test func partiesAndWhereOneStands() async throws {
        try await withApp { client in
            try await client.execute(uri: "/api/v1/parties", method: .get) { response in
                let body = try json(response)
                let parties = try #require(body["parties"] as? [[String: Any]])
                #expect(parties.map { $0["slug"] as? String } == ["harbour-democrats", "sunrise-alliance"])
                #expect(parties.map { $0["candidates"] as? Int } == [2, 3])
            }
            try await client.execute(uri: "/api/v1/parties/harbour-democrats", method: .get) { response in
                let body = try json(response)
                #expect(body["candidates"] as? Int == 2)
                let standings = try #require(body["standings"] as? [[String: Any]])
                #expect(standings.map { $0["ballot"] as? String } == ["provincial", "ward"])
                #expect(standings.map { $0["candidates"] as? Int } == [1, 1])
            }
            try await client.execute(uri: "/api/v1/parties/no-party", method: .get) { response in
                #expect(response.status == .notFound)
                let problem = try json(response)
                #expect(problem["type"] as? String == "urn:mycandidate:problem:unknown-party")
            }
        }
    }

    /// JSON Schema's `maxLength` counts code points: 51 "é" written with a combining accent
    /// are 102 code points though only 51 characters, and the contract says at most 100.
    @Test func queryLengthsAreCountedAsTheContractCountsThem() async throws {
        let decomposed = String(repeating: "e\u{301}", count: 51).addingPercentEncoding(withAllowedCharacters: .alphanumerics)!
        try await withApp { client in
            try await client.execute(uri: "/api/v1/ballots/provincial/areas?q=" + decomposed, method: .get) { response in
                #expect(response.status == .badRequest)
                let problem = try json(response)
                #expect(problem["parameter"] as? String == "q")
                #expect(problem["detail"] as? String == "q is longer than 100 characters.")
            }
            let fifty = String(repeating: "e\u{301}", count: 50).addingPercentEncoding(withAllowedCharacters: .alphanumerics)!
            try await client.execute(uri: "/api/v1/ballots/provincial/areas?q=" + fifty, method: .get) { response in
                #expect(response.status == .ok)
            }
        }
    }

    @Test func headIsGetWithoutTheBody() async throws {
        try await withApp { client in
            let length = try await client.execute(uri: "/api/v1/ballots/ward/areas/ward-1", method: .get) { response in
                #expect(response.status == .ok)
                return response.body.readableBytes
            }
            try await client.execute(uri: "/api/v1/ballots/ward/areas/ward-1", method: .head) { response in
                #expect(response.status == .ok)
                #expect(response.body.readableBytes == 0)
                #expect(response.headers[.contentLength] == String(length))
                #expect(response.headers[.contentType]?.hasPrefix("application/json") == true)
                #expect(response.headers[.eTag] == "\"api-1\"")
            }
            try await client.execute(uri: "/api/v1/ballots/ward/areas/ward-9", method: .head) { response in
                #expect(response.status == .notFound)
                #expect(response.body.readableBytes == 0)
            }
            try await client.execute(uri: "/api/v1/datasets/current", method: .head, headers: [.ifNoneMatch: "\"api-1\""]) { response in
                #expect(response.status == .notModified)
            }
            try await client.execute(uri: "/api/openapi.json", method: .head) { response in
                #expect(response.status == .ok)
                #expect(response.body.readableBytes == 0)
            }
        }
    }

    @Test(arguments: [HTTPRequest.Method.post, .put, .delete, .patch, .init("TRACE")!])
    func otherMethodsAre405sSayingWhatIsAllowed(method: HTTPRequest.Method) async throws {
        try await withApp { client in
            for uri in ["/api/v1/ballots", "/api/v1/ballots/ward/areas/no-such-area", "/api/openapi.json"] {
                try await client.execute(uri: uri, method: method) { response in
                    #expect(response.status == .methodNotAllowed, "\(method) \(uri)")
                    #expect(response.headers[.allow] == "GET, HEAD, OPTIONS")
                    #expect(response.headers[.contentType]?.hasPrefix("application/problem+json") == true)
                    let problem = try json(response)
                    #expect(problem["type"] as? String == "urn:mycandidate:problem:method-not-allowed")
                }
            }
        }
    }

    @Test func optionsAnswersACORSPreflight() async throws {
        try await withApp { client in
            let headers: HTTPFields = [.origin: "https://partner.example", .accessControlRequestMethod: "GET", .accessControlRequestHeaders: "if-none-match"]
            try await client.execute(uri: "/api/v1/ballots/ward/areas", method: .options, headers: headers) { response in
                #expect(response.status == .noContent)
                #expect(response.headers[.allow] == "GET, HEAD, OPTIONS")
                #expect(response.headers[.accessControlAllowOrigin] == "*")
                #expect(response.headers[.accessControlAllowMethods] == "GET, HEAD, OPTIONS")
                #expect(response.headers[.accessControlAllowHeaders] == "If-None-Match")
            }
        }
    }

    @Test func unknownAPIPathsAre404ProblemsNotPages() async throws {
        try await withApp { client in
            for method in [HTTPRequest.Method.get, .post, .options] {
                try await client.execute(uri: "/api/v2/ballots", method: method) { response in
                    #expect(response.status == .notFound, "\(method)")
                    #expect(response.headers[.contentType]?.hasPrefix("application/problem+json") == true)
                    let problem = try json(response)
                    #expect(problem["type"] as? String == "urn:mycandidate:problem:not-found")
                }
            }
            try await client.execute(uri: "/no-such-page", method: .get) { response in
                #expect(response.headers[.contentType]?.hasPrefix("text/html") == true, "pages keep their HTML 404")
            }
        }
    }

    /// The served contract is the very document the handlers were generated from.
    @Test func theServedContractIsTheGeneratorsInput() async throws {
        let file = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Sources/MyCandidateAPI/openapi.json")
        let onDisk = try String(contentsOf: file, encoding: .utf8)
        try await withApp { client in
            try await client.execute(uri: "/api/openapi.json", method: .get) { response in
                #expect(response.status == .ok)
                #expect(String(buffer: response.body).trimmingCharacters(in: .whitespacesAndNewlines)
                    == onDisk.trimmingCharacters(in: .whitespacesAndNewlines), "run scripts/embed-openapi.sh")
            }
        }
    }
}

@Suite struct APIResponseCacheTests {
    @Test func plainResponsesAreKeptEncodedForTheServedVersionOnly() async throws {
        let (repository, store) = try await WebFixture.servedStore()
        let cache = ResponseCache(byteLimit: 1 << 20)
        let router = Router()
        try APIRoutes.add(to: router, store: store, cache: cache)
        let path = "/api/v1/ballots/ward/areas/ward-1"
        try await Application(router: router).test(.router) { client in
            let first = try await client.execute(uri: path, method: .get) { String(buffer: $0.body) }
            #expect(cache.usage.entries == 1)
            try await client.execute(uri: path, method: .get) { response in
                #expect(String(buffer: response.body) == first)
                #expect(response.headers[.contentType] == "application/json; charset=utf-8")
                #expect(response.headers[.eTag] == "\"api-1\"")
                #expect(response.headers[.accessControlAllowOrigin] == "*")
            }
            // Query strings, failures and exports are never kept.
            for uri in ["/api/v1/ballots/ward/areas?limit=1", "/api/v1/ballots/ward/areas/nowhere", "/api/v1/export.csv"] {
                _ = try await client.execute(uri: uri, method: .get) { $0.status }
            }
            #expect(cache.usage.entries == 1)

            var dataset = WebFixture.dataset
            dataset.candidates.removeAll { $0.surname == "Kamau" }
            _ = try await repository.store(dataset, sources: [], publish: true)
            _ = try await store.refresh(from: repository, logger: Logger(label: "test"))
            try await client.execute(uri: path, method: .get) { response in
                #expect(!String(buffer: response.body).contains("Kamau"))
                #expect(response.headers[.eTag] == "\"api-2\"")
            }
            #expect(first.contains("Kamau"))
        }
        await repository.shutdown()
    }
}
