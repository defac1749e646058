import HTTPTypes
import Hummingbird
import MyCandidateCache

/// Headers every response carries: a Content-Security-Policy that allows no inline script and
/// nothing from other hosts except images (a site's favicon may live elsewhere), no MIME
/// sniffing, no referrer beyond the origin, and no framing except of the embed pages, which
/// partner sites exist to frame. Google Analytics' hosts are allowed only while the published
/// site settings turn analytics on.
struct SecurityHeadersMiddleware<Context: RequestContext>: RouterMiddleware {
    let store: SnapshotStore

    static func contentSecurityPolicy(embeddable: Bool, analytics: Bool = false) -> String {
        [
            "default-src 'self'",
            analytics ? "script-src 'self' \(Analytics.scriptHost)" : "script-src 'self'",
            analytics ? "connect-src 'self' \(Analytics.connectHosts)" : "connect-src 'self'",
            "style-src 'self'",
            "img-src 'self' https: data:",
            "base-uri 'none'",
            "form-action 'self'",
            embeddable ? "frame-ancestors *" : "frame-ancestors 'none'",
        ].joined(separator: "; ")
    }

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        var response = try await next(request, context)
        let embeddable = SiteURL.isEmbeddable(path: request.uri.path)
        let analytics = Analytics.measurementID(store.snapshot?.site) != nil
        response.headers[.contentSecurityPolicy] = ContentSecurityPolicies.all[(embeddable ? 2 : 0) + (analytics ? 1 : 0)]
        response.headers[.xContentTypeOptions] = "nosniff"
        response.headers[.referrerPolicy] = "strict-origin-when-cross-origin"
        // X-Frame-Options has no "anyone" value; CSP frame-ancestors governs embed pages alone.
        if !embeddable { response.headers[.xFrameOptions] = "DENY" }
        return response
    }
}

/// The four policies ``SecurityHeadersMiddleware`` chooses from, built once rather than on every
/// response (a generic type cannot hold them itself).
private enum ContentSecurityPolicies {
    /// Indexed by `(embeddable ? 2 : 0) + (analytics ? 1 : 0)`.
    static let all = [false, true].flatMap { embeddable in
        [false, true].map { SecurityHeadersMiddleware<BasicRequestContext>.contentSecurityPolicy(embeddable: embeddable, analytics: $0) }
    }
}

extension HTTPField.Name {
    static let referrerPolicy = Self("Referrer-Policy")!
    static let xFrameOptions = Self("X-Frame-Options")!
    static let xForwardedProto = Self("X-Forwarded-Proto")!
}
