import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
@testable import MyCandidateWeb
import Testing

/// Prometheus text on a listener of its own, never on the site's port.
@Suite struct PrometheusEndpointTests {
    /// GETs `/metrics` from the metrics listener, waiting for it to be up (it starts alongside the
    /// site's server, not before it).
    private func scrape(port: Int) async throws -> TestClient.Response {
        var attempts = 0
        while true {
            do {
                return try await TestClient.withClient(host: "127.0.0.1", port: port) { try await $0.get("/metrics") }
            } catch {
                attempts += 1
                if attempts >= 50 { throw error }
                try await Task.sleep(for: .milliseconds(100))
            }
        }
    }

    @Test func theMetricsPortListsRequestCountsByRouteAndTheSitePortDoesNot() async throws {
        let metricsPort = try unusedPort()
        try await AccessLogTests.withApp(.live, configure: { $0.observability.metricsPort = metricsPort }) { client, _ in
            for _ in 0..<3 {
                #expect(try await client.execute(uri: "/ballots/provincial", method: .get).status == .ok)
            }
            #expect(try await client.execute(uri: "/no/such/page", method: .get).status == .notFound)
            // The site's port has no /metrics: the load balancer forwards there.
            #expect(try await client.execute(uri: "/metrics", method: .get).status == .notFound)

            let response = try await scrape(port: metricsPort)
            #expect(response.status == .ok)
            #expect(response.headers[.contentType] == "text/plain; version=0.0.4; charset=utf-8")
            let text = String(buffer: try #require(response.body))
            let lines = text.split(separator: "\n")
            #expect(lines.contains("# TYPE mycandidate_http_requests_total counter"))
            let ballot = lines.first {
                $0.hasPrefix("mycandidate_http_requests_total{") && $0.contains(#"route="/ballots/{ballot}""#)
                    && $0.contains(#"method="GET""#) && $0.contains(#"status="200""#)
            }
            #expect(ballot?.hasSuffix(" 3") == true, "\(text)")
            #expect(lines.contains { $0.hasPrefix("mycandidate_http_requests_total{") && $0.contains(#"route="unmatched""#) && $0.contains(#"status="404""#) })
            #expect(lines.contains { $0.hasPrefix("mycandidate_http_request_duration_seconds_bucket{") && $0.contains(#"route="/ballots/{ballot}""#) })
            #expect(lines.contains { $0.hasPrefix("mycandidate_http_requests_in_flight") })
            // The snapshot and the database, brought up to date for the scrape.
            #expect(lines.contains { $0 == "mycandidate_snapshot_version 1.0" })
            #expect(lines.contains { $0.hasPrefix("mycandidate_snapshot_age_seconds ") })
            #expect(lines.contains("mycandidate_database_up 1.0"))
            // Without Redis there is no Redis health to report.
            #expect(!text.contains("mycandidate_redis"))
            #expect(lines.contains { $0.hasPrefix("mycandidate_database_operation_duration_seconds_count{") && $0.contains(#"operation="dataset""#) })
        }
    }

    @Test func portZeroTurnsTheListenerOff() throws {
        let config = try AppConfig(environment: ["METRICS_PORT": "0"])
        #expect(config.observability.metricsPort == 0)
        let observability = try Observability(config.observability, logLevel: .info, output: LogCapture().output)
        let services = observability.services(store: .init(), redis: nil, logger: observability.logger(label: "test"))
        #expect(services.first.isEmpty && services.last.isEmpty)
    }
}
