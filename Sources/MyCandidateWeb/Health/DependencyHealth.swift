import Synchronization

/// What the last check of a dependency found.
enum DependencyStatus: String, Sendable {
    case ok
    case unavailable
    /// Not part of this setup (no `REDIS_URL`).
    case notConfigured = "not_configured"
}

/// The database's and Redis's status, as `/readyz` reports them.
struct DependencyReport: Sendable, Equatable {
    var database: DependencyStatus
    var redis: DependencyStatus
}

/// Checks the database and Redis for `/readyz`, cheaply enough that health checks can never
/// load either: both at once, each given `timeout`, at most one check in flight however many
/// requests ask, and its result reused for `reuseFor`. So each instance sends the database at
/// most one small query per `reuseFor`, whatever polls it, and `/readyz` answers within
/// `timeout` even when a dependency hangs.
final class DependencyHealth: Sendable {
    /// One check: returns when the dependency answered, throws otherwise.
    typealias Probe = @Sendable () async throws -> Void

    private let database: Probe
    private let redis: Probe?
    private let timeout: Duration
    private let reuseFor: Duration
    private let state = Mutex<State>(State())

    private struct State {
        var last: (report: DependencyReport, at: ContinuousClock.Instant)?
        var running: Task<DependencyReport, Never>?
    }

    /// - Parameters:
    ///   - redis: `nil` when Redis is not configured.
    init(database: @escaping Probe, redis: Probe?, timeout: Duration = .seconds(1), reuseFor: Duration = .milliseconds(1500)) {
        self.database = database
        self.redis = redis
        self.timeout = timeout
        self.reuseFor = reuseFor
    }

    /// The last report while it is fresh, else the one a check (started now, or already
    /// running for another request) finds.
    func report() async -> DependencyReport {
        enum Source {
            case fresh(DependencyReport)
            case check(Task<DependencyReport, Never>)
        }
        let source: Source = state.withLock { state in
            if let last = state.last, ContinuousClock.now - last.at < reuseFor { return .fresh(last.report) }
            if let running = state.running { return .check(running) }
            let running = Task { await self.check() }
            state.running = running
            return .check(running)
        }
        switch source {
        case .fresh(let report): return report
        case .check(let check): return await check.value
        }
    }

    private func check() async -> DependencyReport {
        async let database = Self.status(of: self.database, within: timeout)
        async let redis = Self.status(of: self.redis, within: timeout)
        let report = DependencyReport(database: await database, redis: await redis)
        state.withLock { state in
            state.last = (report, .now)
            state.running = nil
        }
        return report
    }

    private static func status(of probe: Probe?, within timeout: Duration) async -> DependencyStatus {
        guard let probe else { return .notConfigured }
        if case .success = await result(within: timeout, of: probe) { return .ok }
        return .unavailable
    }
}

/// Set once the server has been asked to stop, so `/readyz` turns the load balancer away while
/// in-flight and late requests are still being answered.
final class ShutdownState: Sendable {
    private let requested = Mutex<ContinuousClock.Instant?>(nil)

    var isShuttingDown: Bool { requested.withLock { $0 != nil } }

    /// When the shutdown began, or `nil` while the server runs.
    var startedAt: ContinuousClock.Instant? { requested.withLock { $0 } }

    func begin() {
        requested.withLock { $0 = $0 ?? .now }
    }
}
