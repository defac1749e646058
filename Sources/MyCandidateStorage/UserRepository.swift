import Foundation

/// An account that may use the admin area.
public struct AdminUser: Sendable, Equatable {
    public var username: String
    /// A bcrypt hash; the password itself is never stored.
    public var passwordHash: String
    public var createdAt: Date
    public var passwordChangedAt: Date

    public init(username: String, passwordHash: String, createdAt: Date, passwordChangedAt: Date) {
        self.username = username
        self.passwordHash = passwordHash
        self.createdAt = createdAt
        self.passwordChangedAt = passwordChangedAt
    }
}

/// The admin accounts, stored beside the datasets.
public protocol UserRepository: Sendable {
    /// Adds an account; ``StorageError/userExists(_:)`` when the name is taken.
    func addUser(username: String, passwordHash: String) async throws -> AdminUser
    /// Every account, by name.
    func users() async throws -> [AdminUser]
    func user(username: String) async throws -> AdminUser?
    /// Replaces an account's password hash; ``StorageError/userNotFound(_:)`` when there is no
    /// such account.
    func setPasswordHash(username: String, passwordHash: String) async throws
    /// Removes an account; ``StorageError/userNotFound(_:)`` when there is no such account.
    func removeUser(username: String) async throws
}

/// Everything MyCandidate keeps in its database, behind one connection setup.
public typealias Repository = DatasetRepository & UserRepository & AuditRepository
