import Testing
@testable import MyCandidateWeb

@Suite struct TokenBucketLimiterTests {
    let clock = ManualClock()

    func limiter(perMinute: Int = 60, burst: Int = 3, maxKeys: Int = 100) -> TokenBucketLimiter {
        TokenBucketLimiter(perMinute: perMinute, burst: burst, maxKeys: maxKeys, now: clock.now)
    }

    @Test func aBurstIsAllowedThenDenied() {
        let limiter = limiter(burst: 3)
        #expect((0..<3).map { _ in limiter.take(key: "a") } == [.allowed, .allowed, .allowed])
        #expect(limiter.take(key: "a") == .denied(retryAfter: .seconds(1)))
        #expect(limiter.take(key: "a") == .denied(retryAfter: .seconds(1)), "a denied request takes nothing")
    }

    @Test func keysHaveTheirOwnBuckets() {
        let limiter = limiter(burst: 1)
        #expect(limiter.take(key: "a") == .allowed)
        #expect(limiter.take(key: "a") != .allowed)
        #expect(limiter.take(key: "b") == .allowed)
    }

    @Test func tokensComeBackAtThePerMinuteRate() {
        // 120 a minute: one token every half second.
        let limiter = limiter(perMinute: 120, burst: 2)
        #expect(limiter.take(key: "a") == .allowed)
        #expect(limiter.take(key: "a") == .allowed)
        #expect(limiter.take(key: "a") == .denied(retryAfter: .milliseconds(500)))
        clock.advance(by: .milliseconds(200))
        #expect(limiter.take(key: "a") == .denied(retryAfter: .milliseconds(300)))
        clock.advance(by: .milliseconds(300))
        #expect(limiter.take(key: "a") == .allowed)
        #expect(limiter.take(key: "a") != .allowed)
    }

    @Test func refillStopsAtTheBurst() {
        let limiter = limiter(perMinute: 60, burst: 2)
        #expect(limiter.take(key: "a") == .allowed)
        clock.advance(by: .seconds(3600))
        #expect(limiter.take(key: "a") == .allowed)
        #expect(limiter.take(key: "a") == .allowed)
        #expect(limiter.take(key: "a") == .denied(retryAfter: .seconds(1)))
    }

    @Test func retryAfterIsTheWaitForOneToken() {
        // 6 a minute: one token every 10 seconds.
        let limiter = limiter(perMinute: 6, burst: 1)
        #expect(limiter.take(key: "a") == .allowed)
        #expect(limiter.take(key: "a") == .denied(retryAfter: .seconds(10)))
        clock.advance(by: .seconds(4))
        #expect(limiter.take(key: "a") == .denied(retryAfter: .seconds(6)))
        clock.advance(by: .seconds(6))
        #expect(limiter.take(key: "a") == .allowed)
    }

    @Test func aFloodOfAddressesStaysWithinTheBound() {
        let limiter = limiter(burst: 5, maxKeys: 50)
        for index in 0..<1_000 {
            #expect(limiter.take(key: "client-\(index)") == .allowed)
            #expect(limiter.trackedKeys <= 50)
        }
    }

    @Test func evictionDropsRefilledBucketsBeforeOnesStillLimiting() {
        let limiter = limiter(perMinute: 60, burst: 2, maxKeys: 4)
        #expect(limiter.take(key: "busy") == .allowed)
        #expect(limiter.take(key: "busy") == .allowed)
        for key in ["x1", "x2", "x3"] { #expect(limiter.take(key: key) == .allowed) }
        // One second later the x buckets are full again; "busy" has one of its two tokens back.
        clock.advance(by: .seconds(1))
        #expect(limiter.take(key: "new") == .allowed)
        #expect(limiter.trackedKeys == 2)
        // "busy" was kept: a fresh bucket would allow two.
        #expect(limiter.take(key: "busy") == .allowed)
        #expect(limiter.take(key: "busy") == .denied(retryAfter: .seconds(1)))
    }

    @Test func whenNoBucketIsFullThoseNearestToFullGo() {
        let limiter = limiter(perMinute: 60, burst: 2, maxKeys: 4)
        for (offset, key) in ["a", "b", "c", "d"].enumerated() {
            clock.advance(by: .milliseconds(10 * offset))
            #expect(limiter.take(key: key) == .allowed)
        }
        #expect(limiter.take(key: "e") == .allowed)
        // Three quarters of the bound stay, the new key among them; "a" and "b", nearest to
        // full again, are gone.
        #expect(limiter.trackedKeys == 3)
        #expect(limiter.take(key: "d") == .allowed)
        #expect(limiter.take(key: "d") != .allowed, "d kept its bucket")
        #expect(limiter.take(key: "a") == .allowed)
        #expect(limiter.take(key: "a") == .allowed, "a starts again with a full bucket")
    }
}
