extension Migration {
    /// Accounts of the people who run a site, created from the CLI. Only a bcrypt hash of the
    /// password is kept.
    static let createAdminUsers = Migration(name: "0002_CreateAdminUsers") { dialect in
        [
            """
            CREATE TABLE admin_users (
                username TEXT PRIMARY KEY,
                password_hash TEXT NOT NULL,
                created_at \(dialect.timestamp) NOT NULL,
                password_changed_at \(dialect.timestamp) NOT NULL
            )
            """,
        ]
    }
}
