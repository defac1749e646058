import Foundation
import MyCandidateStorage

/// `/admin/audit`: a page of the audit log, newest first.
struct AdminAuditPage: Encodable, Sendable {
    /// Entries per page.
    static let pageSize = 100

    struct Row: Encodable, Sendable {
        var time: String
        var actor: String
        var action: String
        var detail: String
        var client: String
    }

    var rows: [Row]
    var hasEntries: Bool
    /// The next, older page; `nil` on the last.
    var olderPath: String?
    /// Back to the first page, from an older one.
    var newestPath: String?
    var csvPath = AdminURL.auditCSV.path

    /// - Parameter entries: up to ``pageSize`` + 1 entries older than `before`: one more than
    ///   shown says whether there is an older page.
    init(entries: [AuditRecord], before: Int?) {
        let shown = entries.prefix(Self.pageSize)
        rows = shown.map { Row(time: AuditCSV.timestamp($0.at), actor: $0.actor, action: $0.action, detail: $0.detail, client: $0.client) }
        hasEntries = !shown.isEmpty
        olderPath = entries.count > Self.pageSize ? shown.last.map { AdminURL.audit(before: $0.id).path } : nil
        newestPath = before == nil ? nil : AdminURL.audit().path
    }
}
