import Synchronization

/// Runs `operation` in a task of its own and waits for it at most `limit`.
///
/// On time-out the task is cancelled and left to wind down alone: the caller gets `nil` at once
/// instead of waiting for an operation that may not notice cancellation (a query already sent
/// to a server that stopped answering), which a task group would have to wait for.
///
/// - Returns: The operation's result, or `nil` when `limit` passed first.
func result<T: Sendable>(
    within limit: Duration,
    of operation: @escaping @Sendable () async throws -> T
) async -> Result<T, any Error>? {
    let work = Task { () async -> Result<T, any Error> in
        do { return .success(try await operation()) } catch { return .failure(error) }
    }
    let waiter = Mutex<CheckedContinuation<Result<T, any Error>?, Never>?>(nil)
    // Whichever of the two tasks below comes first takes the continuation; the other finds it gone.
    let finish: @Sendable (Result<T, any Error>?) -> Void = { outcome in
        let continuation = waiter.withLock { stored in
            defer { stored = nil }
            return stored
        }
        continuation?.resume(returning: outcome)
    }
    var timer: Task<Void, Never>?
    let outcome = await withCheckedContinuation { continuation in
        waiter.withLock { $0 = continuation }
        Task { finish(await work.value) }
        timer = Task {
            try? await Task.sleep(for: limit)
            finish(nil)
        }
    }
    timer?.cancel()
    if outcome == nil { work.cancel() }
    return outcome
}

/// An operation gave no answer in the time it was allowed.
struct TimedOut: Error, CustomStringConvertible {
    var limit: Duration
    var description: String { "no answer within \(limit.formattedSeconds)" }
}

extension Duration {
    /// Whole or fractional seconds for messages: "5 s", "0.5 s".
    var formattedSeconds: String {
        let milliseconds = components.seconds * 1000 + components.attoseconds / 1_000_000_000_000_000
        if milliseconds % 1000 == 0 { return "\(milliseconds / 1000) s" }
        return "\(Double(milliseconds) / 1000) s"
    }
}
