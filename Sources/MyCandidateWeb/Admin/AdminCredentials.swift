import HummingbirdBcrypt
import NIOPosix

/// The rules for admin account names and passwords, and how passwords are hashed.
public enum AdminCredentials {
    /// bcrypt's work factor (2^12 rounds): slow per guess for anyone holding a stolen hash, a
    /// moment for a person signing in. Not measured on a 0.5-vCPU task yet.
    static let cost: UInt8 = 12
    public static let minimumPasswordLength = 12
    /// bcrypt reads only the first 72 bytes; a longer password would be silently truncated.
    public static let maximumPasswordBytes = 72

    /// A name or password the rules refuse, with the reason.
    public struct Rejected: Error, CustomStringConvertible {
        public var description: String
    }

    /// Lowercase letters, digits and `.`, `_`, `-`, `@` (so an email address works), 2 to 64
    /// characters: names appear in logs and in the versions list, so they stay plain.
    public static func validate(username: String) throws(Rejected) {
        let allowed = username.unicodeScalars.allSatisfy { ("a"..."z").contains($0) || ("0"..."9").contains($0) || ".-_@".unicodeScalars.contains($0) }
        guard (2...64).contains(username.count), allowed else {
            throw Rejected(description: "user names are 2 to 64 characters: lowercase letters, digits and . _ - @")
        }
    }

    public static func validate(password: String, username: String) throws(Rejected) {
        guard password.count >= minimumPasswordLength else {
            throw Rejected(description: "the password must be at least \(minimumPasswordLength) characters long")
        }
        guard password.utf8.count <= maximumPasswordBytes else {
            throw Rejected(description: "the password must be at most \(maximumPasswordBytes) bytes long (bcrypt ignores the rest)")
        }
        guard password.lowercased() != username.lowercased() else {
            throw Rejected(description: "the password must not be the user name")
        }
    }

    public static func hash(password: String) -> String {
        Bcrypt.hash(password, cost: cost)
    }

    /// The hash of a random password nobody knows, checked when a sign-in names no account.
    static let decoyHash = hash(password: SecureToken.make())

    public static func verify(password: String, hash: String) -> Bool {
        Bcrypt.verify(password, hash: hash)
    }

    /// ``verify(password:hash:)`` on NIO's pool for blocking work: bcrypt spends a quarter of a
    /// second of CPU by design, which on the concurrency pool would hold up page requests (and
    /// the publishing lock's renewals) meanwhile.
    static func verifyOffThePool(password: String, hash: String) async throws -> Bool {
        try await NIOThreadPool.singleton.runIfActive { verify(password: password, hash: hash) }
    }
}
