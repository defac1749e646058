import Logging
import MyCandidateRedis

/// Slows password guessing: a few attempts per account and some more per client address, each
/// refilling slowly. Every attempt counts, right or wrong, so the limit says nothing about
/// which names exist; a flood against one account locks it for minutes, not for good.
struct LoginThrottle: Sendable {
    let perAccount: any RateLimiter
    let perAddress: any RateLimiter

    /// 5 attempts per account, then one every 3 minutes; 20 per address, then one every 30 s.
    static func inProcess(now: @escaping TokenBucketLimiter.Now = TokenBucketLimiter.continuousNow()) -> LoginThrottle {
        LoginThrottle(
            perAccount: TokenBucketLimiter(refillEvery: .seconds(180), burst: 5, now: now),
            perAddress: TokenBucketLimiter(refillEvery: .seconds(30), burst: 20, now: now)
        )
    }

    /// The same limits shared by every instance through Redis, each falling back to this
    /// process's bucket while Redis is away.
    static func shared(client: RedisClient, logger: Logger, now: @escaping TokenBucketLimiter.Now = TokenBucketLimiter.continuousNow()) -> LoginThrottle {
        let local = inProcess(now: now)
        return LoginThrottle(
            perAccount: RedisRateLimiter(client: client, prefix: "login-account", refillEvery: .seconds(180), burst: 5, fallback: local.perAccount, logger: logger),
            perAddress: RedisRateLimiter(client: client, prefix: "login-address", refillEvery: .seconds(30), burst: 20, fallback: local.perAddress, logger: logger)
        )
    }

    /// Takes one attempt from both allowances; the longer wait when either is spent.
    func attempt(username: String, client: String) async -> RateDecision {
        let byAddress = await perAddress.take(key: client)
        if case .denied = byAddress { return byAddress }
        return await perAccount.take(key: username.lowercased())
    }
}
