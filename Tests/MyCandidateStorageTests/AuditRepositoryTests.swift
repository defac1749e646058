import Foundation
import MyCandidateStorage
import Testing

@Suite struct AuditRepositoryTests {
    @Test("entries come back newest first, exactly as recorded", arguments: Engine.all)
    func roundTrip(engine: Engine) async throws {
        try await withRepository(engine) { repository in
            #expect(try await repository.auditEntries(before: nil, limit: 10).isEmpty)
            let at = Date(timeIntervalSince1970: 1_780_000_000.25)
            // Text that would break SQL built by concatenation, and text from other scripts.
            let hostile = "'); DROP TABLE audit_log; -- \"Ndegwa\" ñ 🇰🇪\nsecond line"
            try await repository.record(AuditEntry(action: .signIn, actor: "amani@example.org", client: "192.0.2.7", at: at))
            try await repository.record(AuditEntry(action: .signInFailed, actor: hostile, detail: hostile, client: "2001:db8::1"))
            try await repository.record(AuditEntry(action: .publish, actor: "amani@example.org", detail: "version 2", client: AuditEntry.commandLineClient))

            let entries = try await repository.auditEntries(before: nil, limit: 10)
            #expect(entries.map(\.action) == ["publish", "sign-in failed", "sign-in"])
            #expect(entries.map(\.id) == entries.map(\.id).sorted(by: >))
            let failed = entries[1]
            #expect(failed.actor == hostile && failed.detail == hostile && failed.client == "2001:db8::1")
            let signIn = entries[2]
            #expect(signIn.actor == "amani@example.org" && signIn.detail == "" && signIn.client == "192.0.2.7")
            #expect(abs(signIn.at.timeIntervalSince(at)) < 0.001)
            #expect(entries[0].detail == "version 2" && entries[0].client == "command line")
        }
    }

    @Test("pages are cut by id: before gives the next older page, limit its size", arguments: Engine.all)
    func paging(engine: Engine) async throws {
        try await withRepository(engine) { repository in
            for number in 1...7 {
                try await repository.record(AuditEntry(action: .publish, actor: "zoe", detail: "version \(number)", client: "192.0.2.1"))
            }
            let first = try await repository.auditEntries(before: nil, limit: 3)
            #expect(first.map(\.detail) == ["version 7", "version 6", "version 5"])
            let second = try await repository.auditEntries(before: first.last?.id, limit: 3)
            #expect(second.map(\.detail) == ["version 4", "version 3", "version 2"])
            let last = try await repository.auditEntries(before: second.last?.id, limit: 3)
            #expect(last.map(\.detail) == ["version 1"])
            #expect(try await repository.auditEntries(before: last.last?.id, limit: 3).isEmpty)
            #expect(try await repository.auditEntries(before: nil, limit: 0).isEmpty)

            var seen: [String] = []
            var pages = 0
            try await repository.forEachAuditPage(size: 2) { page in
                pages += 1
                seen += page.map(\.detail)
            }
            #expect(pages == 4)
            #expect(seen == (1...7).reversed().map { "version \($0)" })
        }
    }

    @Test("over-long fields are cut, so a typed name cannot fill the log")
    func bounded() {
        let long = String(repeating: "x", count: 100_000)
        let entry = AuditEntry(action: .signInFailed, actor: long, detail: long, client: long)
        #expect(entry.actor.count == AuditEntry.maxActorLength)
        #expect(entry.detail.count == AuditEntry.maxDetailLength)
        #expect(entry.client.count == AuditEntry.maxClientLength)
    }

    @Test("action names are the ones shown and stored")
    func actionNames() {
        #expect(AuditAction.signInFailed.rawValue == "sign-in failed")
        #expect(AuditAction.userAdded.rawValue == "user added")
        #expect(Set(AuditAction.allCases.map(\.rawValue)).count == AuditAction.allCases.count)
    }
}
