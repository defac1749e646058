import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import InMemoryTracing
import Logging
import MyCandidateCache
import MyCandidateStorage
@testable import MyCandidateWeb
import OTel
import Testing
import Tracing

/// Incoming trace context is continued, and database work becomes child spans.
@Suite struct TracingTests {
    /// swift-otel's tracer and W3C propagation, as in production, exporting nowhere.
    private static func otelTracing() throws -> Observability.TracingBackend {
        var configuration = OTel.Configuration.default
        configuration.logs.enabled = false
        configuration.metrics.enabled = false
        configuration.traces.exporter = .none
        let backend = try OTel.makeTracingBackend(configuration: configuration)
        return .custom(backend.factory, metadataProvider: OTel.makeLoggingMetadataProvider())
    }

    @Test func anIncomingTraceparentIsContinued() async throws {
        try await AccessLogTests.withApp(tracing: Self.otelTracing()) { client, capture in
            let response = try await client.execute(uri: "/ballots/provincial", method: .get, headers: [
                .w3cTraceParent: "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01",
            ])
            #expect(response.status == .ok)
            let line = try #require(try capture.accessLines().first)
            #expect(line["trace_id"] as? String == "4bf92f3577b34da6a3ce929d0e0e4736")
            // A span of our own, child of the caller's.
            let span = try #require(line["span_id"] as? String)
            #expect(span.count == 16 && span != "00f067aa0ba902b7")
        }
    }

    @Test func anXRayHeaderIsContinuedWhenThereIsNoTraceparent() async throws {
        try await AccessLogTests.withApp(tracing: Self.otelTracing()) { client, capture in
            _ = try await client.execute(uri: "/parties", method: .get, headers: [
                .xAmznTraceID: "Root=1-5759e988-bd862e3fe1be46a994272793;Parent=53995c3f42cd8ad8;Sampled=1",
            ])
            // Both headers: traceparent wins.
            _ = try await client.execute(uri: "/parties", method: .get, headers: [
                .xAmznTraceID: "Root=1-5759e988-bd862e3fe1be46a994272793",
                .w3cTraceParent: "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01",
            ])
            // Neither: a new trace.
            _ = try await client.execute(uri: "/parties", method: .get)
            let lines = try capture.accessLines()
            #expect(lines.count == 3)
            #expect(lines[0]["trace_id"] as? String == "5759e988bd862e3fe1be46a994272793")
            #expect(lines[0]["request_id"] as? String == "1-5759e988-bd862e3fe1be46a994272793")
            #expect(lines[1]["trace_id"] as? String == "4bf92f3577b34da6a3ce929d0e0e4736")
            let fresh = try #require(lines[2]["trace_id"] as? String)
            #expect(fresh.count == 32 && fresh != "5759e988bd862e3fe1be46a994272793" && fresh != "4bf92f3577b34da6a3ce929d0e0e4736")
        }
    }

    @Test func withTracingOffLinesCarryNoTraceID() async throws {
        try await AccessLogTests.withApp { client, capture in
            _ = try await client.execute(uri: "/parties", method: .get, headers: [
                .w3cTraceParent: "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01",
            ])
            let line = try #require(try capture.accessLines().first)
            #expect(line["trace_id"] == nil)
        }
    }

    /// The request span, named after the route, is the parent of the database calls the
    /// request makes; the snapshot's load is a trace of its own.
    @Test func databaseCallsAreChildSpans() async throws {
        let tracer = InMemoryTracer()
        let provider = Logger.MetadataProvider {
            guard let span = ServiceContext.current?.inMemorySpanContext else { return [:] }
            return ["trace_id": "\(span.traceID)", "span_id": "\(span.spanID)"]
        }
        try await AccessLogTests.withApp(tracing: .custom(tracer, metadataProvider: provider)) { client, capture in
            // A failed sign-in looks the account up in the database.
            let browser = AdminTests.Browser(client)
            let password = "not-the-password-\(UUID().uuidString)"
            let refused = try await browser.signIn(username: "nobody", password: password)
            #expect(refused.status.code >= 400)

            let finished = tracer.finishedSpans
            let load = try #require(finished.first { $0.operationName == "snapshot.refresh" })
            #expect(Set(finished.filter { $0.parentSpanID == load.spanID }.map(\.operationName)) == ["db.version", "db.dataset"])
            #expect(finished.contains { $0.operationName == "db.migrate" && $0.parentSpanID == nil })

            let request = try #require(finished.first { $0.operationName == "POST /admin/login" })
            #expect(request.kind == .server)
            #expect(request.attributes["http.route"]?.toSpanAttribute() == "/admin/login".toSpanAttribute())
            #expect(request.attributes["http.response.status_code"]?.toSpanAttribute() == Int(refused.status.code).toSpanAttribute())
            let lookup = try #require(finished.first { $0.operationName == "db.user" })
            #expect(lookup.parentSpanID == request.spanID)
            #expect(lookup.traceID == request.traceID)
            #expect(lookup.kind == .client)

            // The request's log line carries its span's ids; the password is nowhere.
            let line = try #require(try capture.accessLines().first { $0["method"] as? String == "POST" })
            #expect(line["span_id"] as? String == request.spanID)
            #expect(line["trace_id"] as? String == request.traceID)
            #expect(!capture.lines.contains { $0.contains(password) })
        }
    }

    @Test func thePollIsTracedOnlyInsideATrace() async throws {
        let tracer = InMemoryTracer()
        let config = try await WebFixture.config()
        let metrics = AppMetrics(factory: EMFMetricsFactory())
        let repository = InstrumentedRepository(
            try await makeRepository(config.database, logger: Logger(label: "test")),
            location: config.database, metrics: metrics, tracer: tracer
        )
        _ = try await repository.publishedVersionID()
        #expect(tracer.finishedSpans.isEmpty)
        try await tracer.withSpan("admin publish") { _ in
            _ = try await repository.publishedVersionID()
        }
        let spans = tracer.finishedSpans
        #expect(spans.map(\.operationName) == ["db.publishedVersionID", "admin publish"])
        #expect(spans[0].parentSpanID == spans[1].spanID)
        #expect(spans[0].kind == .client)
        #expect(spans[0].attributes["db.system"]?.toSpanAttribute() == "sqlite".toSpanAttribute())

        // A refused call is an error on its span and a count, but the database answered.
        await #expect(throws: StorageError.self) { try await repository.publish(version: 99) }
        let failed = try #require(tracer.finishedSpans.last)
        #expect(failed.operationName == "db.publish")
        #expect(failed.status?.code == .error)
        await repository.shutdown()
    }
}
