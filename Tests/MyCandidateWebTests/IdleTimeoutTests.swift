import Foundation
import Hummingbird
import HummingbirdTesting
import MyCandidateTestSupport
import Testing
@testable import MyCandidateWeb

#if canImport(Glibc)
import Glibc
#endif

/// The server disconnects clients that never send a whole request head: an idle connection and
/// a slowloris client trickling its head a byte at a time (see ``AppConfig/httpIdleTimeout``),
/// while a client that sends its requests is served.
@Suite struct IdleTimeoutTests {
    @Test func idleAndTricklingConnectionsAreClosedAndRequestsServed() async throws {
        var config = try await WebFixture.config()
        config.httpIdleTimeout = .seconds(1)
        let app = try await buildApplication(config)
        try await app.test(.live) { client in
            let port = try #require(client.port)
            let head = Array("GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: \(String(repeating: "a", count: 100))".utf8)
            async let idle = RawConnection.secondsUntilClosed(port: port, sending: [], limit: .seconds(10))
            async let trickle = RawConnection.secondsUntilClosed(port: port, sending: head, limit: .seconds(10))
            // Served meanwhile, and again on the same connection after a pause under the timeout.
            #expect(try await client.execute(uri: "/healthz", method: .get).status == .ok)
            try await Task.sleep(for: .milliseconds(300))
            #expect(try await client.execute(uri: "/", method: .get).status == .ok)

            let (idleFor, trickledFor) = try await (idle, trickle)
            // Closed after about a second, with a margin for a busy machine.
            #expect(idleFor.map { $0 >= .milliseconds(900) && $0 < .seconds(5) } == true, "idle connection: \(String(describing: idleFor))")
            #expect(
                trickledFor.map { $0 >= .milliseconds(900) && $0 < .seconds(5) } == true,
                "trickling connection: \(String(describing: trickledFor))"
            )
        }
    }

    @Test func theDefaultOutlastsTheLoadBalancersIdleTimeout() {
        // The ALB reuses idle connections for 60 s (deploy/aws/app.yaml); closing one sooner
        // races its next request into a 502.
        #expect(AppConfig.httpIdleTimeout > .seconds(60))
        #expect(AppConfig(database: .sqlite(path: "x.sqlite")).httpIdleTimeout == AppConfig.httpIdleTimeout)
    }
}

/// A bare TCP client to 127.0.0.1, for what an HTTP client will not do: send nothing, or a
/// request head one byte at a time.
enum RawConnection {
    /// Connects, then sends `bytes` one every 100 ms; returns how long until the server closed
    /// the connection, or `nil` if it was still open after `limit`.
    static func secondsUntilClosed(port: Int, sending bytes: [UInt8], limit: Duration) async throws -> Duration? {
        let fd = try LoopbackSocket.connect(port: port)
        defer { close(fd) }
        let clock = ContinuousClock()
        let start = clock.now
        var sent = 0
        var buffer = [UInt8](repeating: 0, count: 4096)
        while clock.now - start < limit {
            if sent < bytes.count {
                var byte = bytes[sent]
                if send(fd, &byte, 1, LoopbackSocket.noSignal) < 0 { return clock.now - start }
                sent += 1
            }
            // 0: the server closed it; an error other than "nothing yet": it reset it.
            let received = recv(fd, &buffer, buffer.count, Int32(MSG_DONTWAIT))
            if received == 0 || (received < 0 && errno != EAGAIN && errno != EWOULDBLOCK) { return clock.now - start }
            try await Task.sleep(for: .milliseconds(100))
        }
        return nil
    }
}
