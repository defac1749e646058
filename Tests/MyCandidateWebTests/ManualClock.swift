import Synchronization

/// A clock for rate-limit tests that stands still until a test moves it.
final class ManualClock: Sendable {
    private let elapsed = Mutex<Duration>(.zero)

    var now: @Sendable () -> Duration {
        { [self] in elapsed.withLock { $0 } }
    }

    func advance(by duration: Duration) {
        elapsed.withLock { $0 += duration }
    }
}
