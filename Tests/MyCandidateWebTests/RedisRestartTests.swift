import Foundation
import Hummingbird
import HummingbirdTesting
@testable import MyCandidateWeb
import MyCandidateRedis
import MyCandidateTestSupport
import Testing

/// Two instances sharing one database and a Redis of the test's own, which the test stops and
/// starts again under them, as a failed-over or replaced Redis node would be. The shared
/// `REDIS_URL` server of ``RedisIntegrationTests`` must never be stopped, hence a private one.
@Suite(.serialized, .enabled(if: RedisServer.available, "redis-server is not on PATH"))
struct RedisRestartTests {
    /// Public pages of each kind: the home page, a results page and the API.
    static let publicPages = ["/", "/ballots/ward/areas/ward-1", "/api/v1/ballots"]

    @Test func instancesRideOutARedisRestart() async throws {
        try await withRedisServer { server in
            // The production reconnect settings, so the bounds below hold for a real deployment.
            let redis = try RedisConfiguration(url: server.url)
            try await withTwoInstances(sharing: redis) { first, second, _ in
                // A session started on one instance is valid on the other.
                #expect(try await first.signIn().status == .seeOther)
                second.cookies = first.cookies
                let page = try await second.get("/admin")
                #expect(page.status == .ok)
                #expect(String(buffer: page.body).contains("signed in as admin"))
                #expect(try await subscribers(at: server.url) == 2, "each instance listens for the publish signal")

                // A publish on one instance reaches the other through Redis alone.
                let token = try AdminTests.Browser.token(in: page)
                #expect(try await first.post("/admin/versions/2/publish", ["csrf_token": token]).status == .seeOther)
                try await expectServed(version: 2, by: second, within: .seconds(1))

                // Redis gone: every public request still succeeds; signing in says why it cannot.
                await server.stop()
                for round in 0..<20 {
                    for browser in [first, second] {
                        for uri in Self.publicPages {
                            let status = try await browser.client.execute(uri: uri, method: .get) { $0.status }
                            #expect(status == .ok, "\(uri) in round \(round) while Redis is down")
                        }
                    }
                    try await Task.sleep(for: .milliseconds(100))
                }
                let refused = try await AdminTests.Browser(second.client).signIn()
                #expect(refused.status == .serviceUnavailable)
                #expect(String(buffer: refused.body).contains("Session store unavailable"))
                // A signed-in admin is told the same at once, not sent to a form that cannot work.
                let stale = try await second.get("/admin")
                #expect(stale.status == .serviceUnavailable, "\(stale.status)")
                #expect(String(buffer: stale.body).contains("Session store unavailable"))
                try await expectServed(version: 2, by: second, within: .zero)

                // Redis back, empty, on the same port: the clients reconnect by themselves
                // (within their longest backoff, 5 s); sessions work again across instances...
                try await server.restart()
                let restarted = ContinuousClock.now
                let again = AdminTests.Browser(first.client)
                let signedIn = try await eventually(within: .seconds(10)) {
                    try await again.signIn().status == .seeOther
                }
                #expect(signedIn, "signing in on the first instance after the restart")
                second.cookies = again.cookies
                var shared: TestResponse?
                let sessionShared = try await eventually(within: .seconds(10) - (ContinuousClock.now - restarted)) {
                    let response = try await second.get("/admin")
                    shared = response
                    return response.status == .ok
                }
                #expect(sessionShared, "the new session on the second instance: \(shared.map { "\($0.status)" } ?? "no answer")")
                #expect(shared.map { String(buffer: $0.body).contains("signed in as admin") } == true)

                // ...and both instances' publish listeners subscribed again, so the next publish
                // (a roll back to version 1) is pushed to the other instance as before.
                let resubscribed = try await eventually(within: .seconds(10) - (ContinuousClock.now - restarted)) {
                    try await subscribers(at: server.url) == 2
                }
                #expect(resubscribed, "both instances listen for the publish signal again")
                let csrf = try AdminTests.Browser.token(in: try await again.get("/admin"))
                let rollback = try await again.post("/admin/rollback", ["csrf_token": csrf])
                #expect(rollback.status == .seeOther)
                #expect(rollback.headers[.location] == "/admin?published=1")
                try await expectServed(version: 1, by: second, within: .seconds(1))
            }
        }
    }

    /// How many connections listen on the publish channel, asked through a client of the test's
    /// own (new each time, so its backoff after the outage does not delay the answer).
    func subscribers(at url: String) async throws -> Int {
        let client = try RedisClient(configuration: try RedisConfiguration(url: url))
        do {
            let reply = try await client.send(["PUBSUB", "NUMSUB", PublishSignal.channel])
            await client.shutdown()
            // [channel, count]
            guard let items = reply.elements, items.count == 2 else { return -1 }
            return items[1].int ?? -1
        } catch {
            await client.shutdown()
            throw error
        }
    }

    /// Polls `instance`'s `/healthz` every 50 ms until it serves `version`, recording an issue
    /// if that takes longer than `limit`.
    func expectServed(
        version: Int, by instance: AdminTests.Browser, within limit: Duration, sourceLocation: SourceLocation = #_sourceLocation
    ) async throws {
        var served = ""
        let swapped = try await eventually(within: limit) {
            served = try await instance.client.execute(uri: "/healthz", method: .get) { String(buffer: $0.body) }
            return served.contains(#""dataset_version":\#(version)"#)
        }
        #expect(swapped, "version \(version) within \(limit); still \(served)", sourceLocation: sourceLocation)
    }

    /// Whether `condition` holds, checked at once and then every 50 ms until `limit` has passed.
    func eventually(within limit: Duration, _ condition: () async throws -> Bool) async throws -> Bool {
        let deadline = ContinuousClock.now + limit
        while true {
            if try await condition() { return true }
            if ContinuousClock.now >= deadline { return false }
            try await Task.sleep(for: .milliseconds(50))
        }
    }
}
