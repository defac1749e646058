import Foundation
import Hummingbird
import HummingbirdTesting
import Testing
@testable import MyCandidateWeb

/// The rate limit through the whole app. Time stands still unless a test moves the clock.
@Suite struct RateLimitTests {
    let clock = ManualClock()

    func config(perMinute: Int = 6, burst: Int = 2, trustedProxies: String = "") async throws -> AppConfig {
        var config = try await WebFixture.config()
        config.rateLimitPerMinute = perMinute
        config.rateLimitBurst = burst
        config.trustedProxies = try TrustedProxies(parsing: trustedProxies)
        return config
    }

    func status(_ client: some TestClientProtocol, _ uri: String, forwardedFor: String? = nil) async throws -> HTTPResponse.Status {
        var headers = HTTPFields()
        if let forwardedFor { headers[.xForwardedFor] = forwardedFor }
        return try await client.execute(uri: uri, method: .get, headers: headers) { $0.status }
    }

    @Test func anExhaustedBurstGets429WithRetryAfterAndAProblem() async throws {
        // 6 a minute: a token every 10 seconds.
        let app = try await buildApplication(try await config(perMinute: 6, burst: 2), rateLimitClock: clock.now)
        try await app.test(.router) { client in
            #expect(try await status(client, "/api/v1/ballots") == .ok)
            #expect(try await status(client, "/api/v1/ballots/ward/areas") == .ok)
            try await client.execute(uri: "/api/v1/ballots", method: .get) { response in
                #expect(response.status == .tooManyRequests)
                #expect(response.headers[.retryAfter] == "10")
                #expect(response.headers[.contentType] == "application/problem+json; charset=utf-8")
                #expect(response.headers[.accessControlAllowOrigin] == "*")
                #expect(response.headers[.cacheControl] == "no-store")
                #expect(response.headers[.eTag] == nil, "the API's own headers are not added")
                #expect(response.headers[.xContentTypeOptions] == "nosniff", "security headers still are")
                let problem = try #require(try JSONSerialization.jsonObject(with: Data(buffer: response.body)) as? [String: Any])
                #expect(problem["type"] as? String == "urn:mycandidate:problem:rate-limited")
                #expect(problem["title"] as? String == "Too many requests")
                #expect(problem["status"] as? Int == 429)
                #expect(problem["detail"] as? String == "Too many requests from your address; retry after 10 seconds.")
                #expect(problem.count == 4)
            }
            // The contract counts too: anything under /api/.
            #expect(try await status(client, "/api/openapi.json") == .tooManyRequests)
        }
    }

    @Test func retryAfterHeaderIsWholeSecondsRoundedUpAndAtLeastOne() {
        typealias Middleware = RateLimitMiddleware<AppRequestContext>
        #expect(Middleware.retryAfterSeconds(.milliseconds(1)) == 1)
        #expect(Middleware.retryAfterSeconds(.zero) == 1)
        #expect(Middleware.retryAfterSeconds(.seconds(1)) == 1)
        #expect(Middleware.retryAfterSeconds(.milliseconds(1001)) == 2)
        #expect(Middleware.retryAfterSeconds(.seconds(10)) == 10)
        #expect(Middleware.retryAfterSeconds(.seconds(1_000_000)) == 86_400)
    }

    @Test func tokensComeBackWithTime() async throws {
        let app = try await buildApplication(try await config(perMinute: 60, burst: 1), rateLimitClock: clock.now)
        try await app.test(.router) { client in
            #expect(try await status(client, "/api/v1/ballots") == .ok)
            try await client.execute(uri: "/api/v1/ballots", method: .get) { response in
                #expect(response.status == .tooManyRequests)
                #expect(response.headers[.retryAfter] == "1")
                #expect(String(buffer: response.body).contains("retry after 1 second."))
            }
            clock.advance(by: .milliseconds(600))
            #expect(try await status(client, "/api/v1/ballots") == .tooManyRequests)
            clock.advance(by: .milliseconds(400))
            #expect(try await status(client, "/api/v1/ballots") == .ok)
        }
    }

    @Test func allowedResponsesAreUnchanged() async throws {
        let limited = try await buildApplication(try await config(perMinute: 6, burst: 5), rateLimitClock: clock.now)
        let unlimited = try await buildApplication(try await config(perMinute: 0), rateLimitClock: clock.now)
        func fetch(_ app: some ApplicationProtocol) async throws -> (HTTPFields, ByteBuffer) {
            try await app.test(.router) { client in
                try await client.execute(uri: "/api/v1/ballots", method: .get) { ($0.headers, $0.body) }
            }
        }
        let (limitedResponseHeaders, limitedBody) = try await fetch(limited)
        let (plainResponseHeaders, plainBody) = try await fetch(unlimited)
        // Every response names its own request; that id is all that may differ.
        #expect(limitedResponseHeaders[.xRequestID] != plainResponseHeaders[.xRequestID])
        var limitedHeaders = limitedResponseHeaders, plainHeaders = plainResponseHeaders
        limitedHeaders[.xRequestID] = nil
        plainHeaders[.xRequestID] = nil
        #expect(limitedBody == plainBody)
        #expect(limitedHeaders == plainHeaders)
        #expect(limitedHeaders[.retryAfter] == nil)
    }

    @Test func pagesOutsideTheAPIAreNeverLimited() async throws {
        let app = try await buildApplication(try await config(perMinute: 6, burst: 1), rateLimitClock: clock.now)
        try await app.test(.router) { client in
            #expect(try await status(client, "/api/v1/ballots") == .ok)
            #expect(try await status(client, "/api/v1/ballots") == .tooManyRequests)
            for uri in ["/", "/ballots/ward", "/search?q=harbour", "/healthz", "/api", "/apiary"] {
                let status = try await status(client, uri)
                #expect(status != .tooManyRequests, "\(uri)")
            }
        }
    }

    @Test func aLimitOfZeroTurnsLimitingOff() async throws {
        let app = try await buildApplication(try await config(perMinute: 0, burst: 1), rateLimitClock: clock.now)
        let statuses = try await app.test(.router) { client in
            var statuses: [HTTPResponse.Status] = []
            for _ in 0..<20 { statuses.append(try await status(client, "/api/v1/ballots")) }
            return statuses
        }
        #expect(statuses == Array(repeating: .ok, count: 20))
    }

    /// Without a socket (`.router` tests) every request is one anonymous client, whatever
    /// `X-Forwarded-For` says.
    @Test func requestsWithoutAPeerAddressShareOneBucket() async throws {
        let app = try await buildApplication(
            try await config(perMinute: 6, burst: 1, trustedProxies: "0.0.0.0/0, ::/0"), rateLimitClock: clock.now
        )
        let statuses = try await app.test(.router) { client in
            [
                try await status(client, "/api/v1/ballots", forwardedFor: "203.0.113.1"),
                try await status(client, "/api/v1/ballots", forwardedFor: "203.0.113.2"),
            ]
        }
        #expect(statuses == [.ok, .tooManyRequests])
    }

    /// Over a real socket the test client is 127.0.0.1 or ::1: trusted as a proxy here, so
    /// `X-Forwarded-For` tells clients apart.
    @Test func clientsBehindATrustedProxyHaveTheirOwnLimits() async throws {
        let app = try await buildApplication(
            try await config(perMinute: 6, burst: 1, trustedProxies: "127.0.0.1, ::1"), rateLimitClock: clock.now
        )
        let statuses = try await app.test(.live) { client in
            [
                try await status(client, "/api/v1/ballots", forwardedFor: "203.0.113.1"),
                try await status(client, "/api/v1/ballots", forwardedFor: "203.0.113.1"),
                try await status(client, "/api/v1/ballots", forwardedFor: "203.0.113.2"),
                // The load balancer appended what it saw after the client's own claim.
                try await status(client, "/api/v1/ballots", forwardedFor: "198.51.100.9, 203.0.113.1"),
                try await status(client, "/api/v1/ballots", forwardedFor: "2001:db8::1"),
                // The proxy itself, without a header.
                try await status(client, "/api/v1/ballots"),
            ]
        }
        #expect(statuses == [.ok, .tooManyRequests, .ok, .tooManyRequests, .ok, .ok])
    }

    /// From a peer that is not a trusted proxy, `X-Forwarded-For` is a lie anyone can tell: the
    /// peer address alone is the client.
    @Test func spoofedForwardedForFromAnUntrustedPeerIsIgnored() async throws {
        let app = try await buildApplication(try await config(perMinute: 6, burst: 1), rateLimitClock: clock.now)
        let statuses = try await app.test(.live) { client in
            [
                try await status(client, "/api/v1/ballots", forwardedFor: "203.0.113.1"),
                try await status(client, "/api/v1/ballots", forwardedFor: "203.0.113.2"),
                try await status(client, "/api/v1/ballots"),
            ]
        }
        #expect(statuses == [.ok, .tooManyRequests, .tooManyRequests])
    }
}
