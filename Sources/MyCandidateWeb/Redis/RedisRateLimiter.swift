import Logging
import MyCandidateRedis
import Synchronization

/// The token bucket of ``TokenBucketLimiter``, kept in Redis so every instance draws from the
/// same allowance. One script per request: each key holds the time (Redis's own clock, so
/// instances need not agree on theirs) at which its bucket is full again.
///
/// When Redis fails, the request is decided by an in-process bucket instead, so an outage
/// turns the shared limit into a per-instance one rather than into no limit or into errors.
final class RedisRateLimiter: RateLimiter {
    private let client: RedisClient
    private let prefix: String
    private let interval: Duration
    private let tolerance: Duration
    private let fallback: any RateLimiter
    private let logger: Logger
    /// Whether the last call fell back, so an outage is logged once, not per request.
    private let fellBack = Atomic<Bool>(false)

    /// - Parameters:
    ///   - prefix: keeps this limit's keys apart from others' (`"api"`, `"login-account"`).
    ///   - fallback: decides while Redis cannot.
    init(client: RedisClient, prefix: String, refillEvery interval: Duration, burst: Int, fallback: any RateLimiter, logger: Logger) {
        self.client = client
        self.prefix = "mycandidate:rate:\(prefix):"
        self.interval = interval
        self.tolerance = interval * (burst - 1)
        self.fallback = fallback
        self.logger = logger
    }

    /// Arguments: the interval and the tolerance in microseconds. Returns -1 when allowed, or
    /// the microseconds until a token is back.
    private static let script = """
        local now = redis.call('TIME')
        local t = tonumber(now[1]) * 1000000 + tonumber(now[2])
        local full = tonumber(redis.call('GET', KEYS[1]) or t)
        if full < t then full = t end
        local ahead = full - t
        local tolerance = tonumber(ARGV[2])
        if ahead > tolerance then return ahead - tolerance end
        local nextFull = full + tonumber(ARGV[1])
        redis.call('SET', KEYS[1], nextFull, 'PX', math.ceil((nextFull - t) / 1000))
        return -1
        """

    func take(key: String) async -> RateDecision {
        do {
            let reply = try await client.eval(Self.script, keys: [prefix + key], arguments: [
                String(Self.microseconds(interval)), String(Self.microseconds(tolerance)),
            ])
            if fellBack.exchange(false, ordering: .relaxed) { logger.notice("shared rate limit is back on Redis", metadata: ["limit": "\(prefix)"]) }
            guard let wait = reply.int, wait >= 0 else { return .allowed }
            return .denied(retryAfter: .microseconds(wait))
        } catch {
            if !fellBack.exchange(true, ordering: .relaxed) {
                logger.warning("Redis unavailable: rate limiting per instance until it is back", metadata: ["limit": "\(prefix)", "error": "\(error)"])
            }
            return await fallback.take(key: key)
        }
    }

    private static func microseconds(_ duration: Duration) -> Int64 {
        let (seconds, attoseconds) = duration.components
        return seconds * 1_000_000 + attoseconds / 1_000_000_000_000
    }
}
