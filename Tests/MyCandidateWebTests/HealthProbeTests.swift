import Hummingbird
import HummingbirdTesting
import Testing
@testable import MyCandidateWeb

@Suite struct HealthProbeTests {
    @Test func wildcardListenersAreProbedOnLoopback() {
        #expect(HealthProbe.target(forListeningHost: "0.0.0.0") == "127.0.0.1")
        #expect(HealthProbe.target(forListeningHost: "::") == "::1")
        #expect(HealthProbe.target(forListeningHost: "10.0.1.5") == "10.0.1.5")
    }

    @Test func parsesPlainAndChunkedAnswers() throws {
        let plain = try HealthProbe.parse("HTTP/1.1 503 Service Unavailable\r\nContent-Length: 2\r\n\r\n{}", from: "x")
        #expect(plain == HealthProbe.Answer(status: 503, body: "{}"))
        let chunked = try HealthProbe.parse(
            "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n4\r\n{\"a\"\r\n3;x=y\r\n:1}\r\n0\r\n\r\n", from: "x"
        )
        #expect(chunked == HealthProbe.Answer(status: 200, body: #"{"a":1}"#))
        #expect(throws: HealthProbe.Failure.self) { try HealthProbe.parse("HTTP/1.1 200 OK\r\n", from: "x") }
        #expect(throws: HealthProbe.Failure.self) { try HealthProbe.parse("SSH-2.0-OpenSSH\r\n\r\n", from: "x") }
    }

    @Test func probesALiveServerAndReportsAClosedPort() async throws {
        let app = try await buildApplication(try await WebFixture.config())
        try await app.test(.live) { client in
            let port = try #require(client.port)
            let answer = try await HealthProbe.get(host: "127.0.0.1", port: port, path: "/readyz", timeout: .seconds(5))
            #expect(answer.status == 200)
            // "ready", or "degraded" when the dependency check (1 s) is slow on a busy test
            // machine: either way a 200 with the JSON, which is what the probe must read.
            #expect(answer.body.hasPrefix(#"{"status":"ready""#) || answer.body.hasPrefix(#"{"status":"degraded""#), "\(answer.body)")
            #expect(answer.body.contains(#""dataset_version":1"#), "\(answer.body)")
        }
        await #expect(throws: HealthProbe.Failure.self) {
            try await HealthProbe.get(host: "127.0.0.1", port: 1, path: "/healthz", timeout: .seconds(2))
        }
    }
}
