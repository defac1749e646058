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
        let analytics = Analytics.measurementID(id: store.snapshot?.site.analyticsID) != nil
        // Appended, not assigned: no handler sets these, and appending skips the search for an
        // existing field and the check of each value, done once in `SecurityHeaderFields`.
        response.headers.append(contentsOf: SecurityHeaderFields.all[(embeddable ? 2 : 0) + (analytics ? 1 : 0)])
        return response
    }
}

/// The four sets of fields ``SecurityHeadersMiddleware`` chooses from, built once rather than on
/// every response (a generic type cannot hold them itself).
private enum SecurityHeaderFields {
    /// Indexed by `(embeddable ? 2 : 0) + (analytics ? 1 : 0)`.
    static let all: [[HTTPField]] = [false, true].flatMap { embeddable in
        [false, true].map { analytics in
            var fields = [
                HTTPField(
                    name: .contentSecurityPolicy,
                    value: SecurityHeadersMiddleware<BasicRequestContext>.contentSecurityPolicy(embeddable: embeddable, analytics: analytics)
                ),
                HTTPField(name: .xContentTypeOptions, value: "nosniff"),
                HTTPField(name: .referrerPolicy, value: "strict-origin-when-cross-origin"),
            ]
            // X-Frame-Options has no "anyone" value; CSP frame-ancestors governs embed pages alone.
            if !embeddable { fields.append(HTTPField(name: .xFrameOptions, value: "DENY")) }
            return fields
        }
    }
}

extension HTTPField.Name {
    static let referrerPolicy = Self("Referrer-Policy")!
    static let xFrameOptions = Self("X-Frame-Options")!
    static let xForwardedProto = Self("X-Forwarded-Proto")!
}
