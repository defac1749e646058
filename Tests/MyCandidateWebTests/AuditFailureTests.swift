import Foundation
import Hummingbird
import HummingbirdTesting
@testable import MyCandidateStorage
@testable import MyCandidateWeb
import Testing

/// An audit log that cannot be written must not stop the actions it would record.
@Suite struct AuditFailureTests {
    @Test func signingInAndPublishingWorkWhenTheLogCannotBeWritten() async throws {
        // A trigger refuses every insert into the log, as a full disk or a lost grant would.
        let breakTheLog: @Sendable (any Repository) async throws -> Void = { repository in
            let sqlite = try #require(repository as? SQLiteDatasetRepository)
            try await sqlite.write { connection in
                try await connection.execute(
                    "CREATE TRIGGER audit_log_refuses BEFORE INSERT ON audit_log BEGIN SELECT RAISE(ABORT, 'audit log unavailable'); END"
                )
            }
        }
        try await AuditLogTests().withApp(.router, prepare: breakTheLog) { client in
            let browser = AdminTests.Browser(client)
            #expect(try await browser.signIn().status == .seeOther)
            let token = try AdminTests.Browser.token(in: try await browser.get("/admin"))
            let published = try await browser.post("/admin/versions/2/publish", ["csrf_token": token])
            #expect(published.headers[.location] == "/admin?published=2")
            let current = try await client.execute(uri: "/api/v1/datasets/current", method: .get) { String(buffer: $0.body) }
            #expect(current.contains(#""version":2"#))
            let page = try await browser.get("/admin/audit")
            #expect(page.status == .ok)
            #expect(String(buffer: page.body).contains("Nothing has been recorded yet."))
        }
    }
}
