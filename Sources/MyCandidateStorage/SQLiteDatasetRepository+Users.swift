import Foundation
import SQLiteNIO

extension SQLiteDatasetRepository: UserRepository {
    private static let userColumns = "username, password_hash, created_at, password_changed_at"

    public func addUser(username: String, passwordHash: String) async throws -> AdminUser {
        let now = Date()
        return try await write { connection in
            guard try await Self.user(username, on: connection) == nil else { throw StorageError.userExists(username) }
            try await connection.execute(
                "INSERT INTO admin_users (\(Self.userColumns)) VALUES (?, ?, ?, ?)",
                [.text(username), .text(passwordHash), .text(SQLiteTimestamp.format(now)), .text(SQLiteTimestamp.format(now))]
            )
            guard let user = try await Self.user(username, on: connection) else { throw StorageError.userNotFound(username) }
            return user
        }
    }

    public func users() async throws -> [AdminUser] {
        try await read { connection in
            try await connection.query("SELECT \(Self.userColumns) FROM admin_users ORDER BY username").map(Self.decodeUser)
        }
    }

    public func user(username: String) async throws -> AdminUser? {
        try await read { connection in try await Self.user(username, on: connection) }
    }

    public func setPasswordHash(username: String, passwordHash: String) async throws {
        try await write { connection in
            guard try await Self.user(username, on: connection) != nil else { throw StorageError.userNotFound(username) }
            try await connection.execute(
                "UPDATE admin_users SET password_hash = ?, password_changed_at = ? WHERE username = ?",
                [.text(passwordHash), .text(SQLiteTimestamp.format(Date())), .text(username)]
            )
        }
    }

    public func removeUser(username: String) async throws {
        try await write { connection in
            guard try await Self.user(username, on: connection) != nil else { throw StorageError.userNotFound(username) }
            try await connection.execute("DELETE FROM admin_users WHERE username = ?", [.text(username)])
        }
    }

    private static func user(_ username: String, on connection: SQLiteConnection) async throws -> AdminUser? {
        try await connection.query("SELECT \(userColumns) FROM admin_users WHERE username = ?", [.text(username)])
            .first.map(decodeUser)
    }

    private static func decodeUser(_ row: SQLiteRow) throws -> AdminUser {
        AdminUser(
            username: try row.text("username"),
            passwordHash: try row.text("password_hash"),
            createdAt: try SQLiteTimestamp.parse(try row.text("created_at")),
            passwordChangedAt: try SQLiteTimestamp.parse(try row.text("password_changed_at"))
        )
    }
}
