import Synchronization

/// A token bucket per key, in this process: each holds up to `burst` tokens, a request takes
/// one, and tokens come back at `perMinute / 60` a second.
///
/// A bucket is kept as one number, the time at which it will be full again: it then holds
/// `burst - (fullAt - now) / interval` tokens, where `interval` is the time one token takes to
/// come back. That keeps the arithmetic exact (`Duration` counts whole attoseconds), so a client
/// that waits the `retryAfter` it was told does find a token.
///
/// Memory is bounded: when a new key would make more than `maxKeys` buckets, buckets that are
/// full are dropped (a full bucket is the same as none), and if that is not enough, those nearest
/// to full go too, down to three quarters of the bound. Sweeping well below the bound means the
/// O(n log n) sweep happens at most once per `maxKeys / 4` new keys. Dropping a bucket that was
/// not full forgives that client a few requests; it takes a flood of distinct addresses to happen.
final class TokenBucketLimiter: RateLimiter {
    /// Monotonic time elapsed since some fixed origin.
    typealias Now = @Sendable () -> Duration

    /// The time one token takes to come back.
    private let interval: Duration
    /// How far ahead of now a bucket's `fullAt` may be while it still holds a token:
    /// `(burst - 1) * interval`.
    private let tolerance: Duration
    private let maxKeys: Int
    private let now: Now
    /// Each key's `fullAt`.
    private let buckets = Mutex<[String: Duration]>([:])

    /// - Parameters:
    ///   - perMinute: sustained requests a minute per key; must be positive.
    ///   - burst: requests a key may make at once; must be positive.
    ///   - maxKeys: how many keys are tracked before buckets are dropped.
    ///   - now: the clock; tests pass one they move by hand.
    convenience init(perMinute: Int, burst: Int, maxKeys: Int = 100_000, now: @escaping Now = TokenBucketLimiter.continuousNow()) {
        precondition(perMinute > 0)
        self.init(refillEvery: .seconds(60) / perMinute, burst: burst, maxKeys: maxKeys, now: now)
    }

    /// - Parameter refillEvery: the time one token takes to come back, for rates slower than
    ///   one a minute (login attempts).
    init(refillEvery interval: Duration, burst: Int, maxKeys: Int = 100_000, now: @escaping Now = TokenBucketLimiter.continuousNow()) {
        precondition(interval > .zero && burst > 0 && maxKeys > 0)
        self.interval = interval
        self.tolerance = interval * (burst - 1)
        self.maxKeys = maxKeys
        self.now = now
    }

    /// The time on `ContinuousClock` since this call.
    static func continuousNow() -> Now {
        let origin = ContinuousClock.now
        return { ContinuousClock.now - origin }
    }

    func take(key: String) -> RateDecision {
        let now = self.now()
        return buckets.withLock { buckets in
            let fullAt: Duration
            if let existing = buckets[key] {
                fullAt = max(existing, now)
            } else {
                if buckets.count >= maxKeys { evict(from: &buckets, at: now) }
                fullAt = now
            }
            // Fewer than one token left: the bucket would still be short after this one's time.
            let ahead = fullAt - now
            guard ahead <= tolerance else { return .denied(retryAfter: ahead - tolerance) }
            buckets[key] = fullAt + interval
            return .allowed
        }
    }

    /// How many keys have a bucket (for tests of the bound).
    var trackedKeys: Int { buckets.withLock { $0.count } }

    private func evict(from buckets: inout [String: Duration], at now: Duration) {
        buckets = buckets.filter { $0.value > now }
        let target = maxKeys - maxKeys / 4 - 1
        guard buckets.count > target else { return }
        let nearestToFull = buckets.sorted { $0.value < $1.value }.prefix(buckets.count - target)
        for (key, _) in nearestToFull { buckets[key] = nil }
    }
}

extension Duration {
    /// The duration in (fractional) seconds.
    var inSeconds: Double {
        let (seconds, attoseconds) = components
        return Double(seconds) + Double(attoseconds) / 1e18
    }
}
