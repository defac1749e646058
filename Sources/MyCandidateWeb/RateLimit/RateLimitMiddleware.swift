import Hummingbird
import MyCandidateAPI

/// Rate-limits the open data API (`/api/...`) per client address (see ``ClientAddress``). A
/// request over the limit gets 429 with `Retry-After` and a problem document, before any API
/// work; allowed requests, and every request outside `/api/`, pass through untouched.
struct RateLimitMiddleware<Context: RemoteAddressRequestContext>: RouterMiddleware {
    let limiter: any RateLimiter
    let trustedProxies: TrustedProxies

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        guard request.uri.path.hasPrefix("/api/") else { return try await next(request, context) }
        let key = ClientAddress.key(peer: context.remoteAddress, headers: request.headers, trusting: trustedProxies)
        switch await limiter.take(key: key) {
        case .allowed:
            return try await next(request, context)
        case .denied(let retryAfter):
            context.logger.debug("rate limited", metadata: ["client": "\(key)", "path": "\(request.uri.path)"])
            return Self.tooManyRequests(retryAfter: retryAfter)
        }
    }

    /// Whole seconds for `Retry-After`: rounded up, so a client that waits that long finds a
    /// token; at least 1, and at most a day whatever a limiter says.
    static func retryAfterSeconds(_ duration: Duration) -> Int {
        let seconds = duration.inSeconds.rounded(.up)
        guard seconds > 1 else { return 1 }
        return seconds < 86_400 ? Int(seconds) : 86_400
    }

    /// 429 as an RFC 9457 problem, in the shape of the API's other problems. It is about this
    /// client alone, so no cache may keep it; CORS is open so browser clients can read it.
    static func tooManyRequests(retryAfter: Duration) -> Response {
        let seconds = retryAfterSeconds(retryAfter)
        var response = APIProblem.response(
            type: "rate-limited", title: "Too many requests", status: 429,
            detail: "Too many requests from your address; retry after \(seconds) second\(seconds == 1 ? "" : "s")."
        )
        response.headers[.retryAfter] = String(seconds)
        response.headers[.accessControlAllowOrigin] = "*"
        response.headers[.cacheControl] = "no-store"
        return response
    }
}
