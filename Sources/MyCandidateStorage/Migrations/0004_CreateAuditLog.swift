extension Migration {
    /// Who did what in the admin area and from the command line, when, and from where. Rows are
    /// only ever added; `id` gives the order they were written in, which the log pages by, and
    /// the index on `at` serves reading a period's entries without a scan.
    static let createAuditLog = Migration(name: "0004_CreateAuditLog") { dialect in
        [
            """
            CREATE TABLE audit_log (
                id \(dialect.autoIncrementPrimaryKey),
                at \(dialect.timestamp) NOT NULL,
                actor TEXT NOT NULL,
                action TEXT NOT NULL,
                detail TEXT NOT NULL DEFAULT '',
                client TEXT NOT NULL DEFAULT ''
            )
            """,
            "CREATE INDEX audit_log_at ON audit_log (at, id)",
        ]
    }
}
