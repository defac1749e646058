import Foundation
import Hummingbird
import HummingbirdAuth
import MyCandidateStorage
import NIOCore

/// The audit log in the admin area: recording actions, the log's pages and its CSV export.
extension AdminController {
    /// Records an admin action: `actor` did `action` to `detail`, from the request's client
    /// address (as the rate limits see it, so behind a trusted proxy the forwarded address).
    ///
    /// Never throws: the action has happened by the time it is recorded, and its result must
    /// reach the user even when the log cannot be written. A failure is logged as an error.
    func audit(_ action: AuditAction, detail: String = "", actor: String, request: Request, context: Context) async {
        let client = ClientAddress.key(peer: context.remoteAddress, headers: request.headers, trusting: trustedProxies)
        do {
            try await repository.record(AuditEntry(action: action, actor: actor, detail: detail, client: client))
        } catch {
            context.logger.error("could not write to the audit log", metadata: [
                "action": "\(action.rawValue)", "user": "\(actor)", "detail": "\(detail)", "client": "\(client)", "error": "\(error)",
            ])
        }
    }

    /// `/admin/audit`: a page of the log, newest first; `?before=ID` for older pages.
    func auditLog(_ request: Request, _ context: Context) async throws -> Response {
        guard let session = activeSession(context) else { return redirect(to: .login) }
        let before = request.uri.queryParameters.get("before", as: Int.self)
        // One more than a page, to know whether an older page exists.
        let entries = try await repository.auditEntries(before: before, limit: AdminAuditPage.pageSize + 1)
        return render(.adminAudit, AdminAuditPage(entries: entries, before: before), session: session)
    }

    /// `/admin/audit.csv`: the whole log, newest first, streamed a page at a time so a long log
    /// is never held in memory. The download is itself recorded (a HEAD downloads nothing).
    func auditCSV(_ request: Request, _ context: Context) async throws -> Response {
        guard let session = activeSession(context) else { return redirect(to: .login) }
        if request.method != .head {
            await audit(.auditExported, actor: session.username, request: request, context: context)
        }
        var headers = HTTPFields()
        headers[.contentType] = "text/csv; charset=utf-8"
        let day = Date().formatted(.iso8601.year().month().day())
        headers[.contentDisposition] = "attachment; filename=\"audit-log-\(day).csv\""
        let repository = repository
        return Response(status: .ok, headers: headers, body: ResponseBody { writer in
            try await writer.write(ByteBuffer(string: AuditCSV.header))
            try await repository.forEachAuditPage { page in
                var buffer = ByteBuffer()
                for record in page { buffer.writeString(AuditCSV.row(record)) }
                try await writer.write(buffer)
            }
            try await writer.finish(nil)
        })
    }
}

/// Lets an event through once per interval per key, remembering a bounded number of keys.
///
/// A throttled sign-in costs the sender nothing but would cost a row in the audit log; without
/// this, a flood of them could grow the log without limit. One entry per address per interval
/// still says who was hammering at the door.
actor RepeatGate {
    let interval: Duration
    /// Keys remembered at most; past it, the expired ones are forgotten (or, in a flood from
    /// that many addresses, all of them).
    let capacity: Int
    private var lastAdmitted: [String: ContinuousClock.Instant] = [:]

    init(interval: Duration, capacity: Int = 10_000) {
        self.interval = interval
        self.capacity = capacity
    }

    /// Whether `key`'s event should go through now; if so, the next one waits an interval.
    func admit(_ key: String, now: ContinuousClock.Instant = .now) -> Bool {
        if let last = lastAdmitted[key], now - last < interval { return false }
        if lastAdmitted.count >= capacity {
            lastAdmitted = lastAdmitted.filter { now - $0.value < interval }
            if lastAdmitted.count >= capacity { lastAdmitted.removeAll() }
        }
        lastAdmitted[key] = now
        return true
    }
}
