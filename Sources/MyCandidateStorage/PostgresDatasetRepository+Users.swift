import Foundation
import PostgresNIO

extension PostgresDatasetRepository: UserRepository {
    public func addUser(username: String, passwordHash: String) async throws -> AdminUser {
        let now = Date()
        return try await transaction { connection in
            // ON CONFLICT rather than a look-up first: two concurrent adds cannot both pass.
            let rows = try await connection.query(
                """
                INSERT INTO admin_users (username, password_hash, created_at, password_changed_at)
                VALUES (\(username), \(passwordHash), \(now), \(now))
                ON CONFLICT (username) DO NOTHING
                RETURNING username, password_hash, created_at, password_changed_at
                """,
                logger: self.logger
            )
            for try await row in rows { return try Self.decodeUser(row) }
            throw StorageError.userExists(username)
        }
    }

    public func users() async throws -> [AdminUser] {
        let rows = try await client.query(
            "SELECT username, password_hash, created_at, password_changed_at FROM admin_users ORDER BY username",
            logger: logger
        )
        var users: [AdminUser] = []
        for try await row in rows { users.append(try Self.decodeUser(row)) }
        return users
    }

    public func user(username: String) async throws -> AdminUser? {
        let rows = try await client.query(
            "SELECT username, password_hash, created_at, password_changed_at FROM admin_users WHERE username = \(username)",
            logger: logger
        )
        for try await row in rows { return try Self.decodeUser(row) }
        return nil
    }

    public func setPasswordHash(username: String, passwordHash: String) async throws {
        let rows = try await client.query(
            """
            UPDATE admin_users SET password_hash = \(passwordHash), password_changed_at = \(Date())
            WHERE username = \(username) RETURNING username
            """,
            logger: logger
        )
        for try await _ in rows { return }
        throw StorageError.userNotFound(username)
    }

    public func removeUser(username: String) async throws {
        let rows = try await client.query("DELETE FROM admin_users WHERE username = \(username) RETURNING username", logger: logger)
        for try await _ in rows { return }
        throw StorageError.userNotFound(username)
    }

    private static func decodeUser(_ row: PostgresRow) throws -> AdminUser {
        let (username, hash, created, changed) = try row.decode((String, String, Date, Date).self)
        return AdminUser(username: username, passwordHash: hash, createdAt: created, passwordChangedAt: changed)
    }
}
