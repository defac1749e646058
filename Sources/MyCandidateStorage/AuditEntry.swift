import Foundation

/// What the audit log records. The raw values are what is stored and shown, so they never
/// change once released; the admin area and the command line share them, so one action reads
/// the same wherever it was taken.
public enum AuditAction: String, Sendable, CaseIterable, Codable {
    case signIn = "sign-in"
    case signInFailed = "sign-in failed"
    case signInThrottled = "sign-in throttled"
    case signOut = "sign-out"
    case publish = "publish"
    case rollback = "rollback"
    case `import` = "import"
    case upload = "upload"
    case discard = "discard"
    case settings = "settings"
    case userAdded = "user added"
    case userRemoved = "user removed"
    case passwordChanged = "password changed"
    /// The audit log itself downloaded: it names people and addresses.
    case auditExported = "audit export"
}

/// One action to record: who took it, what it was, and from where. The time is when it
/// happened, normally now.
///
/// Fields are cut to a bounded length: a failed sign-in records whatever name was typed, and
/// the log must not become a place to store arbitrary amounts of text.
public struct AuditEntry: Sendable, Equatable {
    /// The longest actor, detail and client kept, in characters.
    public static let maxActorLength = 200
    public static let maxDetailLength = 2_000
    public static let maxClientLength = 200
    /// The client of actions taken with the `mycandidate` command.
    public static let commandLineClient = "command line"

    public var at: Date
    /// An admin account's name; for a failed or throttled sign-in, the name that was typed.
    public var actor: String
    public var action: AuditAction
    /// What the action touched, e.g. "version 7".
    public var detail: String
    /// Where it came from: the client's address, or ``commandLineClient``.
    public var client: String

    public init(action: AuditAction, actor: String, detail: String = "", client: String, at: Date = Date()) {
        self.at = at
        self.actor = String(actor.prefix(Self.maxActorLength))
        self.action = action
        self.detail = String(detail.prefix(Self.maxDetailLength))
        self.client = String(client.prefix(Self.maxClientLength))
    }
}

/// A stored audit entry.
public struct AuditRecord: Sendable, Equatable {
    /// Assigned in the order entries were written; pages of the log are cut by it.
    public var id: Int
    public var at: Date
    public var actor: String
    /// An ``AuditAction`` raw value. Kept as text: a newer release may have written actions this
    /// one does not know, and the log must still show them.
    public var action: String
    public var detail: String
    public var client: String

    public init(id: Int, at: Date, actor: String, action: String, detail: String, client: String) {
        self.id = id
        self.at = at
        self.actor = actor
        self.action = action
        self.detail = detail
        self.client = client
    }
}
