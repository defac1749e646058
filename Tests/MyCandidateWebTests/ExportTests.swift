import Foundation
import Hummingbird
import HummingbirdTesting
@testable import MyCandidateAPI
import MyCandidateCache
import MyCandidateDomain
import MyCandidateWeb
import NIOCore
import Testing

@Suite struct ExportTests {
    /// The fixture, plus a candidate whose fields need quoting and who brought an ID number
    /// through a source column.
    static var dataset: Dataset {
        var dataset = WebFixture.dataset
        dataset.candidates.append(Candidate(
            ballotKey: "ward", areaID: "ward-1", partyKey: nil, givenNames: "Line\nBreak", surname: "O\"Brien, Jr",
            age: 39, gender: "F", extra: ["id_number": "8001015009087"]
        ))
        return dataset
    }

    func withApp(_ body: @Sendable (any TestClientProtocol) async throws -> Void) async throws {
        let app = try await buildApplication(try await WebFixture.config(publishing: Self.dataset))
        try await app.test(.router, body)
    }

    /// The column list the contract documents for export rows.
    func documentedColumns(_ client: any TestClientProtocol) async throws -> [String] {
        try await client.execute(uri: "/api/openapi.json", method: .get) { response in
            let document = try #require(try JSONSerialization.jsonObject(with: Data(buffer: response.body)) as? [String: Any])
            let schemas = (document["components"] as? [String: Any])?["schemas"] as? [String: Any]
            let row = try #require(schemas?["ExportCandidate"] as? [String: Any])
            return try #require(row["required"] as? [String])
        }
    }

    @Test func theCSVHasTheDocumentedColumnsOneRowPerCandidate() async throws {
        try await withApp { client in
            let columns = try await documentedColumns(client)
            #expect(columns == ExportWriter.columns)
            try await client.execute(uri: "/api/v1/export.csv", method: .get) { response in
                #expect(response.status == .ok)
                #expect(response.headers[.contentType] == "text/csv; charset=utf-8")
                #expect(response.headers[.contentDisposition] == "attachment; filename=\"candidates-v1.csv\"")
                #expect(response.headers[.contentLength] == nil, "streamed, so the length is not known up front")
                #expect(response.headers[.accessControlAllowOrigin] == "*")
                let text = String(buffer: response.body)
                #expect(!text.contains("8001015009087"))
                let lines = text.components(separatedBy: "\r\n")
                #expect(lines.first == columns.joined(separator: ","))
                #expect(lines.last == "")
                // 7 candidates + header + the empty string after the last CRLF; the quoted line break adds no CRLF.
                #expect(lines.count == 9)
                #expect(lines[1] == "provincial,Provincial,kwazulu-natal,KwaZulu\u{2010}Natal,KwaZulu\u{2010}Natal,province,,harbour-democrats,Harbour Democrats,Renée,du Plessis,1,,")
                #expect(text.contains("ward,Ward,ward-1,1,Harbour,ward,Lakeside > Lakeside North,,,\"Line\nBreak\",\"O\"\"Brien, Jr\",,39,F\r\n"))
            }
        }
    }

    @Test func theJSONExportHasEveryColumnForEveryCandidate() async throws {
        try await withApp { client in
            try await client.execute(uri: "/api/v1/export.json", method: .get) { response in
                #expect(response.status == .ok)
                #expect(response.headers[.contentType] == "application/json")
                #expect(!String(buffer: response.body).contains("8001015009087"))
                let document = try #require(try JSONSerialization.jsonObject(with: Data(buffer: response.body)) as? [String: Any])
                #expect(document["version"] as? Int == 1)
                #expect(document["published_at"] is String)
                let rows = try #require(document["candidates"] as? [[String: Any]])
                #expect(rows.count == 7)
                #expect(rows.allSatisfy { Set($0.keys) == Set(ExportWriter.columns) })
                let odd = try #require(rows.first { $0["surname"] as? String == "O\"Brien, Jr" })
                #expect(odd["given_names"] as? String == "Line\nBreak")
                #expect(odd["party"] is NSNull)
                #expect(odd["list_position"] is NSNull)
                #expect(odd["area_hierarchy"] as? String == "Lakeside > Lakeside North")
            }
        }
    }

    @Test func aLargeExportIsWrittenInBoundedChunks() async throws {
        var dataset = WebFixture.dataset
        dataset.candidates = (1...3000).map { (position: Int) in
            Candidate(ballotKey: "provincial", areaID: "kwazulu-natal", partyKey: "sunrise-alliance", givenNames: "Given", surname: "Surname \(position)", listPosition: position)
        }
        let snapshot = Snapshot(version: DatasetVersion(id: 1, createdAt: Date(), publishedAt: Date(), status: .published, sources: [], counts: dataset.counts), dataset: dataset)
        for format in [ExportWriter.Format.csv, .json] {
            var chunks: [Int] = []
            try await ExportWriter(snapshot: snapshot, format: format).write { chunks.append($0.readableBytes) }
            #expect(chunks.count > 3)
            #expect(chunks.allSatisfy { $0 < ExportWriter.chunkSize + 4096 })
        }
    }

    /// The generator leaves out operations tagged `exports`; these routes must stand in for
    /// exactly those.
    @Test func theHandWrittenRoutesAreTheDocumentedExports() async throws {
        let document = try #require(try JSONSerialization.jsonObject(with: Data(OpenAPIDocument.json.utf8)) as? [String: Any])
        let paths = try #require(document["paths"] as? [String: [String: [String: Any]]])
        let exports = paths.filter { $0.value["get"]?["tags"] as? [String] == ["exports"] }.keys.sorted()
        #expect(exports == ["/api/v1/export.csv", "/api/v1/export.json"])
        #expect(paths.allSatisfy { $0.value.keys.sorted() == ["get"] })
        try await withApp { client in
            for path in exports {
                try await client.execute(uri: path, method: .get) { #expect($0.status == .ok) }
                try await client.execute(uri: path, method: .head) { response in
                    #expect(response.status == .ok)
                    #expect(response.body.readableBytes == 0)
                    #expect(response.headers[.contentDisposition] != nil)
                }
            }
        }
    }

    /// Over a real socket, where the server adds its framing headers: a HEAD must not announce
    /// an empty file (`Content-Length: 0`) for a download that is not.
    @Test func aHeadOverTheWireDoesNotClaimAnEmptyFile() async throws {
        let app = try await buildApplication(try await WebFixture.config(publishing: Self.dataset))
        try await app.test(.live) { client in
            for path in ["/api/v1/export.csv", "/api/v1/export.json"] {
                let length = try await client.execute(uri: path, method: .get) { $0.body.readableBytes }
                #expect(length > 0)
                try await client.execute(uri: path, method: .head) { response in
                    #expect(response.status == .ok)
                    #expect(response.body.readableBytes == 0)
                    #expect(response.headers[.contentLength] == nil, "\(path): \(response.headers)")
                    #expect(response.headers[.contentDisposition] != nil)
                }
            }
        }
    }

    @Test func nothingPublishedIsAProblem() async throws {
        let app = try await buildApplication(try await WebFixture.config(publishing: nil))
        try await app.test(.router) { client in
            try await client.execute(uri: "/api/v1/export.csv", method: .get) { response in
                #expect(response.status == .notFound)
                #expect(response.headers[.contentType]?.hasPrefix("application/problem+json") == true)
            }
        }
    }
}
