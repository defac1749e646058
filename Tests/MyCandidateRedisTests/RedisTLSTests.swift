import Foundation
import MyCandidateRedis
import MyCandidateTestSupport
import Testing

@Suite(.enabled(if: RedisServer.available, "redis-server is not on PATH"))
struct RedisTLSTests {
    /// A TLS-only server with a password, its certificate signed by a CA made for the test.
    private func withTLSServer(_ body: (RedisServer, TestCertificates) async throws -> Void) async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("mycandidate-redis-tls-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        let certificates = try await TestCertificates.make(in: folder)
        try await withRedisServer(RedisServer.Options(password: "tls-pass", tls: certificates)) { server in
            try await body(server, certificates)
        }
    }

    private func configuration(_ url: String, trusting certificates: TestCertificates?) throws -> RedisConfiguration {
        var configuration = try testConfiguration(url)
        configuration.tls?.caCertificatePath = certificates?.caCertificate.path
        return configuration
    }

    @Test func connectsTrustingTheTestCA() async throws {
        try await withTLSServer { server, certificates in
            #expect(server.url.hasPrefix("rediss://"))
            try await withClient(configuration(server.url, trusting: certificates)) { client in
                try await client.set("k", to: "over tls")
                #expect(try await client.get("k") == "over tls")
                let subscription = try await client.subscribe(to: ["tls-news"])
                let collector = await MessageCollector.reading(subscription)
                #expect(try await client.publish("hello", to: "tls-news") == 1)
                #expect(await collector.wait { $0.map(\.text) == ["hello"] })
            }
            // By host name: SNI is sent and the certificate's DNS name is checked.
            let byName = "rediss://:tls-pass@localhost:\(server.port)"
            try await withClient(configuration(byName, trusting: certificates)) { client in
                let value = try await client.get("k")
                #expect(value == "over tls")
            }
        }
    }

    @Test func anUntrustedCertificateIsATLSError() async throws {
        try await withTLSServer { server, _ in
            try await withClient(configuration(server.url, trusting: nil)) { client in
                await #expect {
                    try await client.ping()
                } throws: { error in
                    guard case .tlsFailed(let reason) = error as? RedisError else { return false }
                    return reason.contains("CERTIFICATE_VERIFY_FAILED")
                }
            }
        }
    }

    @Test func aMissingCAFileIsRefusedUpFront() throws {
        var configuration = try RedisConfiguration(url: "rediss://127.0.0.1")
        configuration.tls?.caCertificatePath = "/nonexistent/ca.pem"
        #expect {
            try RedisClient(configuration: configuration)
        } throws: { error in
            if case .tlsFailed = error as? RedisError { return true }
            return false
        }
    }
}
