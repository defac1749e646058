/// Decides whether a client may make one more request. The in-process token bucket is one
/// implementation; one shared by every instance (in Redis) can be another.
public protocol RateLimiter: Sendable {
    /// Takes one token from `key`'s allowance, if it has one.
    func take(key: String) async -> RateDecision
}

public enum RateDecision: Sendable, Equatable {
    case allowed
    /// Not now: one token will be available after `retryAfter`.
    case denied(retryAfter: Duration)
}
