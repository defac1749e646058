import Foundation
import Hummingbird
import HummingbirdTesting
import Logging
@testable import MyCandidateWeb
import MyCandidateRedis
import MyCandidateStorage
import Testing

/// The Redis a suite may use: `REDIS_URL` (`.ci/run` starts one and exports it). Without it the
/// suite is skipped, saying so, except in CI, where it must run.
enum RedisTestServer {
    static let configuration: RedisConfiguration? = {
        guard let url = ProcessInfo.processInfo.environment["REDIS_URL"], !url.isEmpty else { return nil }
        return try? RedisConfiguration(url: url)
    }()

    static let enabled: Bool = {
        if configuration != nil || ProcessInfo.processInfo.environment["CI"] == "true" { return true }
        print("REDIS_URL unset: the Redis integration suite is skipped")
        return false
    }()
}

/// One database and one Redis behind two instances, as behind the load balancer: version 1
/// published, version 2 stored unpublished, an `admin` account. The body gets a browser on each
/// instance and the second instance's client.
func withTwoInstances(
    sharing redis: RedisConfiguration,
    _ body: @Sendable (AdminTests.Browser, AdminTests.Browser, any TestClientProtocol) async throws -> Void
) async throws {
    var config = try await WebFixture.config()
    config.redis = redis
    // No polling to speak of: only the signal can make the second instance swap.
    config.snapshotPollInterval = .seconds(3600)
    config.port = 0
    let repository = try await makeRepository(config.database, logger: Logger(label: "test"))
    _ = try await repository.addUser(username: "admin", passwordHash: AdminTests.passwordHash)
    var second = WebFixture.dataset
    second.candidates.removeLast()
    _ = try await repository.store(second, sources: [], publish: false)
    await repository.shutdown()
    let first = try await buildApplication(config)
    let other = try await buildApplication(config)
    try await first.test(.live) { a in
        try await other.test(.live) { b in
            try await body(AdminTests.Browser(a), AdminTests.Browser(b), b)
        }
    }
}

// Serialized: its tests share the publishing lock of one Redis database.
@Suite(.serialized, .enabled(if: RedisTestServer.enabled, "needs REDIS_URL"))
struct RedisIntegrationTests {
    func withTwoInstances(_ body: @Sendable (AdminTests.Browser, AdminTests.Browser, any TestClientProtocol) async throws -> Void) async throws {
        let redis = try #require(RedisTestServer.configuration, "CI=true needs REDIS_URL for the Redis suite")
        // Sessions and sign-in allowances of earlier tests (and runs) would carry over: every test
        // signs in as "admin" from 127.0.0.1, and the per-account limit would soon refuse it.
        // This suite is serialized and the only one on this database.
        let flusher = try RedisClient(configuration: redis)
        _ = try await flusher.send(["FLUSHDB"])
        await flusher.shutdown()
        try await MyCandidateWebTests.withTwoInstances(sharing: redis, body)
    }

    @Test func aSessionStartedOnOneInstanceWorksOnTheOther() async throws {
        try await withTwoInstances { first, second, _ in
            #expect(try await first.signIn().status == .seeOther)
            second.cookies = first.cookies
            let page = try await second.get("/admin")
            #expect(page.status == .ok)
            #expect(String(buffer: page.body).contains("signed in as admin"))
        }
    }

    @Test func publishingOnOneInstanceSwapsTheOtherAtOnce() async throws {
        try await withTwoInstances { first, _, secondClient in
            _ = try await first.signIn()
            let token = try AdminTests.Browser.token(in: try await first.get("/admin"))
            #expect(try await first.post("/admin/versions/2/publish", ["csrf_token": token]).status == .seeOther)
            var served = ""
            for _ in 0..<50 where !served.contains(#""version":2"#) {
                try await Task.sleep(for: .milliseconds(100))
                served = try await secondClient.execute(uri: "/api/v1/datasets/current", method: .get) { String(buffer: $0.body) }
            }
            #expect(served.contains(#""version":2"#), "the second instance still serves \(served)")
        }
    }

    @Test func aPublishWaitsForNobodyWhileTheLockIsHeld() async throws {
        try await withTwoInstances { first, _, _ in
            let client = try RedisClient(configuration: try #require(RedisTestServer.configuration))
            let lock = RedisLock(client: client)
            let token = try #require(try await lock.acquire(), "the lock was left held")
            _ = try await first.signIn()
            let csrf = try AdminTests.Browser.token(in: try await first.get("/admin"))
            let refused = try await first.post("/admin/versions/2/publish", ["csrf_token": csrf])
            #expect(refused.status == .conflict)
            #expect(String(buffer: refused.body).contains("Another import or publish is running"))
            try await lock.release(token)
            #expect(try await first.post("/admin/versions/2/publish", ["csrf_token": csrf]).status == .seeOther)
            await client.shutdown()
        }
    }
}

/// Redis configured but unreachable: the public site is untouched, the admin area says why.
@Suite struct RedisDownTests {
    @Test func theSiteServesAndSignInExplains() async throws {
        var config = try await WebFixture.config()
        // Nothing listens on port 1.
        config.redis = try RedisConfiguration(url: "redis://127.0.0.1:1")
        let repository = try await makeRepository(config.database, logger: Logger(label: "test"))
        _ = try await repository.addUser(username: "admin", passwordHash: AdminTests.passwordHash)
        await repository.shutdown()
        let app = try await buildApplication(config)
        try await app.test(.router) { client in
            for uri in ["/", "/ballots/ward/areas/ward-1", "/api/v1/ballots"] {
                #expect(try await client.execute(uri: uri, method: .get) { $0.status } == .ok)
            }
            let response = try await AdminTests.Browser(client).signIn()
            #expect(response.status == .serviceUnavailable)
            #expect(String(buffer: response.body).contains("Session store unavailable"))
        }
    }
}

/// Limits and the publishing lock, shared through Redis. Each test has a database of its own,
/// emptied first, so runs and parallel tests cannot spend each other's allowance.
@Suite(.enabled(if: RedisTestServer.enabled, "needs REDIS_URL"))
struct RedisSharedStateTests {
    func redis(database: Int) async throws -> (RedisConfiguration, RedisClient) {
        var configuration = try #require(RedisTestServer.configuration, "CI=true needs REDIS_URL for the Redis suite")
        configuration.database = database
        let client = try RedisClient(configuration: configuration)
        _ = try await client.send(["FLUSHDB"])
        return (configuration, client)
    }

    @Test func theAPILimitIsOneAllowanceAcrossInstances() async throws {
        let (redis, client) = try await redis(database: 5)
        var config = try await WebFixture.config()
        config.redis = redis
        config.rateLimitPerMinute = 1
        config.rateLimitBurst = 2
        config.port = 0
        let first = try await buildApplication(config)
        let other = try await buildApplication(config)
        try await first.test(.live) { a in
            try await other.test(.live) { b in
                #expect(try await a.execute(uri: "/api/v1/ballots", method: .get) { $0.status } == .ok)
                #expect(try await b.execute(uri: "/api/v1/ballots", method: .get) { $0.status } == .ok)
                try await a.execute(uri: "/api/v1/ballots", method: .get) { response in
                    #expect(response.status == .tooManyRequests)
                    #expect(Int(response.headers[.retryAfter] ?? "") ?? 0 > 0)
                }
                #expect(try await b.execute(uri: "/api/v1/ballots", method: .get) { $0.status } == .tooManyRequests)
            }
        }
        await client.shutdown()
    }

    @Test func onlyOneHolderOfThePublishingLock() async throws {
        let (_, client) = try await redis(database: 6)
        let lock = RedisLock(client: client, name: "test", timeToLive: .seconds(5))
        let token = try #require(try await lock.acquire())
        #expect(try await lock.acquire() == nil)
        try await lock.release("not the token")
        #expect(try await lock.acquire() == nil, "only the holder's token releases it")
        try await lock.release(token)
        let again = try #require(try await lock.acquire())
        await #expect(throws: LockHeld.self) { try await lock.withLock { 1 } }
        try await lock.release(again)
        #expect(try await lock.withLock { 2 } == 2)
        #expect(try await lock.acquire() != nil, "withLock releases when done")
        await client.shutdown()
    }

    @Test func aWorkingHolderKeepsTheLockAndADeadOneLosesIt() async throws {
        let (_, client) = try await redis(database: 7)
        // Seconds rather than milliseconds, so a loaded CI machine's delays cannot pass for expiry.
        // Three: a renewal (every second) may come a second late on a saturated machine.
        let lock = RedisLock(client: client, name: "test", timeToLive: .seconds(3))
        // A holder that dies without releasing: the lock frees itself.
        _ = try #require(try await lock.acquire())
        try await Task.sleep(for: .milliseconds(3500))
        let token = try #require(try await lock.acquire(), "an abandoned lock expires")
        // A holder still working renews it well past its time to live.
        try await lock.hold(token) {
            try await Task.sleep(for: .seconds(6))
            #expect(try await lock.acquire() == nil, "renewed while held")
        }
        #expect(try await lock.acquire() != nil)
        await client.shutdown()
    }
}

@Suite struct RedisRateLimiterFallbackTests {
    @Test func withRedisDownTheLimitHoldsPerInstance() async throws {
        let client = try RedisClient(configuration: try RedisConfiguration(url: "redis://127.0.0.1:1"))
        let limiter = RedisRateLimiter(
            client: client, prefix: "test", refillEvery: .seconds(60), burst: 1,
            fallback: TokenBucketLimiter(refillEvery: .seconds(60), burst: 1), logger: Logger(label: "test")
        )
        #expect(await limiter.take(key: "a") == .allowed)
        guard case .denied = await limiter.take(key: "a") else {
            Issue.record("the fallback should have denied the second request")
            return
        }
        #expect(await limiter.take(key: "b") == .allowed)
        await client.shutdown()
    }
}
