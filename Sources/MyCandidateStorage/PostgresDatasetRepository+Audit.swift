import Foundation
import PostgresNIO

extension PostgresDatasetRepository: AuditRepository {
    public func record(_ entry: AuditEntry) async throws {
        try await client.query(
            """
            INSERT INTO audit_log (at, actor, action, detail, client)
            VALUES (\(entry.at), \(entry.actor), \(entry.action.rawValue), \(entry.detail), \(entry.client))
            """,
            logger: logger
        )
    }

    public func auditEntries(before id: Int?, limit: Int) async throws -> [AuditRecord] {
        guard limit > 0 else { return [] }
        let rows = try await client.query(
            """
            SELECT id, at, actor, action, detail, client FROM audit_log
            WHERE id < \(id ?? Int.max) ORDER BY id DESC LIMIT \(limit)
            """,
            logger: logger
        )
        var records: [AuditRecord] = []
        for try await row in rows {
            let (id, at, actor, action, detail, client) = try row.decode((Int, Date, String, String, String, String).self)
            records.append(AuditRecord(id: id, at: at, actor: actor, action: action, detail: detail, client: client))
        }
        return records
    }
}
