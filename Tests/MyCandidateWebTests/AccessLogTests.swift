import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
@testable import MyCandidateWeb
import Testing

/// The one access-log line per request, as the app writes it.
@Suite struct AccessLogTests {
    /// Runs `body` against the fixture app, its log lines captured at level info.
    static func withApp(
        _ testing: TestingSetup = .router,
        configure: (inout AppConfig) throws -> Void = { _ in },
        tracing: Observability.TracingBackend = .fromConfiguration,
        _ body: @Sendable (any TestClientProtocol, LogCapture) async throws -> Void
    ) async throws {
        var config = try await WebFixture.config()
        config.logLevel = .info
        try configure(&config)
        let capture = LogCapture()
        let observability = try Observability(config.observability, logLevel: .info, output: capture.output, tracing: tracing)
        let app = try await buildApplication(config, rateLimitClock: TokenBucketLimiter.continuousNow(), observability: observability)
        try await app.test(testing) { client in try await body(client, capture) }
    }

    @Test func eachRequestGetsOneLineWithItsRoutePatternStatusAndBytes() async throws {
        try await Self.withApp { client, capture in
            let page = try await client.execute(uri: "/ballots/provincial/areas/kwazulu-natal", method: .get)
            #expect(page.status == .ok)
            let missing = try await client.execute(uri: "/no/such/page", method: .get)
            #expect(missing.status == .notFound)

            let lines = try capture.accessLines()
            #expect(lines.count == 2)
            let first = lines[0]
            #expect(first["route"] as? String == "/ballots/{ballot}/areas/{area}")
            #expect(first["method"] as? String == "GET")
            #expect(first["status"] as? Int == 200)
            #expect(first["bytes"] as? Int == page.body.readableBytes)
            #expect((first["duration_ms"] as? Double).map { $0 >= 0 && $0 < 10_000 } == true)
            #expect(first["client"] as? String == "unknown-peer")
            #expect(first["level"] as? String == "info")
            // The id the caller gets back is the one the line carries.
            let id = try #require(first["request_id"] as? String)
            #expect(page.headers[.xRequestID] == id)
            // No concrete path anywhere in the line.
            #expect(!capture.lines.contains { $0.contains("kwazulu-natal") })

            #expect(lines[1]["route"] as? String == "unmatched")
            #expect(lines[1]["status"] as? Int == 404)
            #expect(lines[1]["bytes"] as? Int == missing.body.readableBytes)
            #expect(lines[1]["request_id"] as? String != id)
        }
    }

    @Test func aStreamedBodyIsCountedAsItIsWritten() async throws {
        try await Self.withApp { client, capture in
            let export = try await client.execute(uri: "/api/v1/export.csv", method: .get)
            #expect(export.status == .ok)
            #expect(export.body.readableBytes > 100)
            let line = try #require(try capture.accessLines().first)
            #expect(line["route"] as? String == "/api/v1/export.csv")
            #expect(line["bytes"] as? Int == export.body.readableBytes)
        }
    }

    @Test func theCallersRequestIDOrTheALBsTraceRootIsUsed() async throws {
        try await Self.withApp { client, capture in
            let given = try await client.execute(uri: "/parties", method: .get, headers: [.xRequestID: "client-chosen-42"])
            #expect(given.headers[.xRequestID] == "client-chosen-42")
            let alb = try await client.execute(
                uri: "/parties", method: .get, headers: [.xAmznTraceID: "Root=1-5759e988-bd862e3fe1be46a994272793"]
            )
            #expect(alb.headers[.xRequestID] == "1-5759e988-bd862e3fe1be46a994272793")
            let forged = try await client.execute(uri: "/parties", method: .get, headers: [.xRequestID: "\"}\n{\"level\":\"critical"])
            let lines = try capture.accessLines()
            #expect(lines.map { $0["request_id"] as? String }.prefix(2) == ["client-chosen-42", "1-5759e988-bd862e3fe1be46a994272793"])
            #expect(lines[2]["request_id"] as? String == forged.headers[.xRequestID])
            let objects = try capture.objects()
            #expect(capture.lines.count == objects.count)
        }
    }

    /// Session cookies, credentials and search text must not reach the log.
    @Test func noCookieTokenOrQueryIsLogged() async throws {
        try await Self.withApp { client, capture in
            let secret = "s3cr3t-session-value"
            _ = try await client.execute(uri: "/search?q=Ochieng", method: .get, headers: [
                .cookie: "MYCANDIDATE_SESSION=\(secret)", .authorization: "Bearer \(secret)",
            ])
            _ = try await client.execute(uri: "/admin", method: .get, headers: [.cookie: "SESSION_ID=\(secret)"])
            #expect(try capture.accessLines().count == 2)
            #expect(!capture.lines.contains { $0.contains(secret) || $0.contains("Ochieng") })
        }
    }

    /// LOG_LEVEL above info turns the access log off (the warnings stay).
    @Test func aLevelAboveInfoLeavesTheAccessLogOut() async throws {
        try await Self.withApp(configure: { $0.logLevel = .warning }) { client, capture in
            _ = try await client.execute(uri: "/", method: .get)
            #expect(try capture.accessLines().isEmpty)
        }
    }
}
