import Foundation
import Hummingbird
import HummingbirdTesting
import Logging
import MyCandidateCache
import MyCandidateStorage
import Synchronization
import Testing
@testable import MyCandidateWeb

/// `/readyz`: 503 only without a dataset or while shutting down; dependency outages are
/// reported as "degraded" with 200, so they cannot take every instance out of the load balancer.
@Suite struct ReadinessTests {
    @Test func readyWithADatasetAndItsDatabase() async throws {
        let app = try await buildApplication(try await WebFixture.config())
        try await app.test(.router) { client in
            try await client.execute(uri: "/readyz", method: .get) { response in
                #expect(response.status == .ok)
                #expect(response.headers[.contentType] == "application/json")
                #expect(response.headers[.cacheControl] == "no-store")
                // The snapshot's age is whole seconds since it loaded: 0 unless the machine is slow.
                let body = String(buffer: response.body)
                let age = body.range(of: #""snapshot_age_seconds":[0-9]"#, options: .regularExpression)
                #expect(body.hasPrefix(#"{"status":"ready","dataset_version":1,"snapshot_age_seconds":"#), "\(body)")
                #expect(age != nil && body.hasSuffix(#","database":"ok","redis":"not_configured"}"#), "\(body)")
            }
        }
    }

    @Test func notReadyWithoutAPublishedDataset() async throws {
        let app = try await buildApplication(try await WebFixture.config(publishing: nil))
        try await app.test(.router) { client in
            try await client.execute(uri: "/readyz", method: .get) { response in
                #expect(response.status == .serviceUnavailable)
                #expect(String(buffer: response.body) == #"{"status":"not_ready","dataset_version":null,"snapshot_age_seconds":null,"database":"ok","redis":"not_configured"}"#)
            }
            // Liveness is not readiness: the process answers.
            try await client.execute(uri: "/healthz", method: .get) { response in
                #expect(response.status == .ok)
            }
        }
    }

    @Test func shuttingDownTurnsReadinessOffButKeepsServing() async throws {
        let shutdown = ShutdownState()
        let app = try await buildApplication(
            try await WebFixture.config(), rateLimitClock: TokenBucketLimiter.continuousNow(), shutdown: shutdown
        )
        try await app.test(.router) { client in
            try await client.execute(uri: "/readyz", method: .get) { response in
                #expect(response.status == .ok)
            }
            shutdown.begin()
            try await client.execute(uri: "/readyz", method: .get) { response in
                #expect(response.status == .serviceUnavailable)
                #expect(String(buffer: response.body).hasPrefix(#"{"status":"shutting_down","dataset_version":1,"#))
            }
            for uri in ["/healthz", "/", "/ballots/ward/areas/ward-1", "/api/v1/ballots"] {
                try await client.execute(uri: uri, method: .get) { response in
                    #expect(response.status == .ok, "\(uri)")
                }
            }
        }
    }

    @Test func aDependencyOutageIsDegradedNotUnready() async throws {
        let (repository, store) = try await WebFixture.servedStore()
        await repository.shutdown()
        struct Down: Error {}
        for (database, redis, expected) in [
            (false, true, #""database":"unavailable","redis":"ok"}"#),
            (true, false, #""database":"ok","redis":"unavailable"}"#),
        ] {
            let health = DependencyHealth(
                database: { if !database { throw Down() } },
                redis: { if !redis { throw Down() } }
            )
            let router = Router()
            ReadinessController(store: store, dependencies: health, shutdown: ShutdownState()).addRoutes(to: router)
            try await Application(router: router).test(.router) { client in
                try await client.execute(uri: "/readyz", method: .get) { response in
                    #expect(response.status == .ok)
                    let body = String(buffer: response.body)
                    #expect(body.hasPrefix(#"{"status":"degraded","dataset_version":1,"#), "\(body)")
                    #expect(body.hasSuffix(expected), "\(body)")
                }
            }
        }
    }
}

@Suite struct DependencyHealthTests {
    /// Counts the probes that ran and lets a test make them fail or hang.
    final class Probe: Sendable {
        enum Behaviour { case answer, fail, hang }
        let behaviour: Mutex<Behaviour>
        let calls = Mutex(0)
        init(_ behaviour: Behaviour) { self.behaviour = Mutex(behaviour) }

        @Sendable func run() async throws {
            calls.withLock { $0 += 1 }
            switch behaviour.withLock({ $0 }) {
            case .answer: return
            case .fail: throw CancellationError()
            case .hang: try await Task.sleep(for: .seconds(30))
            }
        }
    }

    @Test func concurrentChecksShareOneProbeAndReuseItsResult() async throws {
        let database = Probe(.answer)
        // Reused for a long time here, so a slow machine spreading the 50 requests out cannot
        // make the result stale in between.
        let health = DependencyHealth(database: database.run, redis: nil, timeout: .seconds(1), reuseFor: .seconds(600))
        let reports = await withTaskGroup(of: DependencyReport.self) { group in
            for _ in 0..<50 { group.addTask { await health.report() } }
            return await group.reduce(into: []) { $0.append($1) }
        }
        #expect(reports.allSatisfy { $0 == DependencyReport(database: .ok, redis: .notConfigured) })
        #expect(database.calls.withLock { $0 } == 1)
        _ = await health.report()
        #expect(database.calls.withLock { $0 } == 1, "a fresh result is reused")
    }

    @Test func aStaleResultIsCheckedAgain() async throws {
        let database = Probe(.answer)
        let health = DependencyHealth(database: database.run, redis: nil, timeout: .seconds(1), reuseFor: .milliseconds(50))
        #expect(await health.report().database == .ok)
        try await Task.sleep(for: .milliseconds(100))
        database.behaviour.withLock { $0 = .fail }
        #expect(await health.report().database == .unavailable)
        #expect(database.calls.withLock { $0 } == 2, "a stale result is checked again")
    }

    @Test func aHangingDependencyIsUnavailableWithinTheTimeout() async throws {
        let database = Probe(.answer)
        let redis = Probe(.hang)
        let health = DependencyHealth(database: database.run, redis: redis.run, timeout: .milliseconds(200), reuseFor: .zero)
        let clock = ContinuousClock()
        let start = clock.now
        let report = await health.report()
        #expect(report == DependencyReport(database: .ok, redis: .unavailable))
        // Far below the probe's 30 s hang; generous for a loaded machine.
        #expect(clock.now - start < .seconds(10), "the hanging probe must not hold up the answer")
    }
}
