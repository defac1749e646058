import Foundation

/// What an admin session holds. Stored server-side by the session middleware (in memory, or in
/// Redis when it is configured); the browser holds only a random session id.
struct AdminSession: Codable, Sendable {
    var username: String
    /// Sent back with every form, so another site cannot post one in the user's name.
    var csrfToken: String
    /// When the user logged in: a session ends ``AdminSessionPolicy/absoluteLifetime`` after
    /// this however active it is.
    var loggedInAt: Date
}

/// How long admin sessions last.
enum AdminSessionPolicy {
    /// Without a request for this long, the session ends.
    static let idleTimeout: Duration = .seconds(30 * 60)
    /// However busy, a session ends this long after login.
    static let absoluteLifetime: TimeInterval = 12 * 60 * 60
    static let cookieName = "mycandidate_admin"
    /// The login form's token lives in its own short cookie: there is no session before login.
    static let loginTokenCookie = "mycandidate_login"
}

/// Unguessable tokens for sessions' CSRF checks and the login form.
public enum SecureToken {
    /// 32 random bytes, base64url without padding (safe in cookies, forms and URLs).
    public static func make() -> String {
        var generator = SystemRandomNumberGenerator()
        let bytes = (0..<32).map { _ in UInt8.random(in: .min ... .max, using: &generator) }
        return Data(bytes).base64EncodedString()
            .replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_").replacingOccurrences(of: "=", with: "")
    }

    /// Compares in time independent of where the first difference is.
    static func matches(_ a: String, _ b: String) -> Bool {
        let x = Array(a.utf8), y = Array(b.utf8)
        guard x.count == y.count, !x.isEmpty else { return false }
        return zip(x, y).reduce(0) { $0 | ($1.0 ^ $1.1) } == 0
    }
}
