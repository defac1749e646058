/// How long to wait before the next connection attempt after consecutive failures.
///
/// Exponential, so an outage costs few attempts; jittered (between half and all of the delay), so
/// many instances that lost Redis together do not all come back at the same instant.
struct ReconnectBackoff: Sendable {
    var minimum: Duration
    var maximum: Duration

    /// The wait after `failures` consecutive failed attempts (1 or more).
    func delay(afterFailures failures: Int) -> Duration {
        var delay = minimum
        for _ in 1..<max(failures, 1) {
            delay *= 2
            if delay >= maximum { break }
        }
        delay = min(delay, maximum)
        return delay * Double.random(in: 0.5...1.0)
    }
}
