/// The audit log, stored beside the datasets: entries are added and read, never changed.
public protocol AuditRepository: Sendable {
    /// Adds an entry to the log.
    func record(_ entry: AuditEntry) async throws

    /// Up to `limit` entries, newest first, all older than the entry `before` (all entries when
    /// `nil`). The last entry's id is the `before` of the next, older page.
    func auditEntries(before id: Int?, limit: Int) async throws -> [AuditRecord]
}

extension AuditRepository {
    /// Calls `body` with every entry, newest first, a page at a time, so a long log is never
    /// in memory at once. Entries written meanwhile are newer than the first page and left out.
    public func forEachAuditPage(size: Int = 500, _ body: ([AuditRecord]) async throws -> Void) async throws {
        precondition(size > 0, "a page holds at least one entry")
        var before: Int?
        while true {
            let page = try await auditEntries(before: before, limit: size)
            if page.isEmpty { return }
            try await body(page)
            if page.count < size { return }
            before = page.last?.id
        }
    }
}
