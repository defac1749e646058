import Foundation
import SQLiteNIO

extension SQLiteDatasetRepository: AuditRepository {
    public func record(_ entry: AuditEntry) async throws {
        try await write { connection in
            try await connection.execute(
                "INSERT INTO audit_log (at, actor, action, detail, client) VALUES (?, ?, ?, ?, ?)",
                [
                    .text(SQLiteTimestamp.format(entry.at)), .text(entry.actor), .text(entry.action.rawValue),
                    .text(entry.detail), .text(entry.client),
                ]
            )
        }
    }

    public func auditEntries(before id: Int?, limit: Int) async throws -> [AuditRecord] {
        guard limit > 0 else { return [] }
        return try await read { connection in
            try await connection.query(
                "SELECT id, at, actor, action, detail, client FROM audit_log WHERE id < ? ORDER BY id DESC LIMIT ?",
                [.integer(id ?? Int.max), .integer(limit)]
            ).map { row in
                AuditRecord(
                    id: try row.int("id"),
                    at: try SQLiteTimestamp.parse(try row.text("at")),
                    actor: try row.text("actor"),
                    action: try row.text("action"),
                    detail: try row.text("detail"),
                    client: try row.text("client")
                )
            }
        }
    }
}
