import Logging
import MyCandidateStorage

/// The pauses between start-up's attempts to reach the database: doubling from half a second
/// and capped at five, so a database that is just starting is found quickly and one that is
/// down for longer is not hammered by every task of a deployment at once.
struct StartupBackoff: Sendable {
    var first: Duration = .milliseconds(500)
    var cap: Duration = .seconds(5)

    /// The pause after failed attempt `attempt` (1-based).
    func delay(after attempt: Int) -> Duration {
        var delay = first
        for _ in 1..<max(1, attempt) where delay < cap { delay *= 2 }
        return min(delay, cap)
    }
}

/// The database could not be reached within `STARTUP_DB_TIMEOUT`.
public struct DatabaseUnavailable: Error, CustomStringConvertible {
    /// The database as configured, password masked.
    public var database: String
    public var attempts: Int
    public var waited: Duration
    /// Why the last attempt failed.
    public var reason: String

    public var description: String {
        "the database \(database) could not be reached: \(attempts) attempt(s) in \(waited.formattedSeconds) "
            + "(STARTUP_DB_TIMEOUT); the last one failed with: \(reason). "
            + "Check DATABASE_URL, that the server is running and that this host may connect to it."
    }
}

/// Waits until a connection to the database at `location` succeeds, for at most `timeout`.
///
/// Each failed attempt is logged with its reason and the pause before the next; when `timeout`
/// has passed the last reason is thrown as ``DatabaseUnavailable``. A `timeout` of zero tries
/// once. An SQLite location succeeds at once (there is no server to wait for).
public func waitForDatabase(_ location: DatabaseLocation, timeout: Duration, logger: Logger) async throws {
    try await waitForDatabase(location, timeout: timeout, backoff: StartupBackoff(), logger: logger) { limit in
        try await checkDatabaseConnection(location, connectTimeout: limit, logger: logger)
    }
}

/// ``waitForDatabase(_:timeout:logger:)`` with the attempt given, for tests.
func waitForDatabase(
    _ location: DatabaseLocation,
    timeout: Duration,
    backoff: StartupBackoff,
    logger: Logger,
    attempt: @escaping @Sendable (_ limit: Duration) async throws -> Void
) async throws {
    let clock = ContinuousClock()
    let start = clock.now
    let deadline = start + timeout
    // One attempt may not take more than this, so a server that accepts connections and then
    // never answers is retried like one that refuses them.
    let attemptLimit: Duration = .seconds(5)
    var attempts = 0
    while true {
        attempts += 1
        let limit = max(.seconds(1), min(attemptLimit, deadline - clock.now))
        let reason: String
        switch await result(within: limit, of: { try await attempt(limit) }) {
        case .success:
            if attempts > 1 {
                logger.notice("database reachable", metadata: [
                    "database": "\(location)", "attempts": "\(attempts)", "waited": "\((clock.now - start).formattedSeconds)",
                ])
            }
            return
        case .failure(let error):
            reason = describe(error)
        case nil:
            reason = TimedOut(limit: limit).description
        }
        let pause = backoff.delay(after: attempts)
        guard clock.now + pause < deadline else {
            throw DatabaseUnavailable(database: "\(location)", attempts: attempts, waited: clock.now - start, reason: reason)
        }
        logger.warning("waiting for the database", metadata: [
            "database": "\(location)", "attempt": "\(attempts)", "reason": "\(reason)", "retry_in": "\(pause.formattedSeconds)",
        ])
        try await Task.sleep(for: pause)
    }
}

/// An error as an operator can act on it. PostgresNIO's errors print a deliberately generic
/// text; their reflection adds the server's message or the socket error, never the password.
private func describe(_ error: any Error) -> String {
    let reflected = String(reflecting: error)
    return reflected.isEmpty ? "\(error)" : reflected
}
