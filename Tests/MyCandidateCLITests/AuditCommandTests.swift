import Foundation
import Logging
import MyCandidateStorage
import Testing

/// What the commands leave in the audit log, read back with `mycandidate audit` and through
/// the repository.
@Suite(.serialized) struct AuditCommandTests {
    @Test func accountChangesAreRecordedWithWhoDidThem() async throws {
        let cli = try CLI()
        #expect(try cli.run("audit").stdout.contains("the audit log is empty"))
        #expect(try cli.run(["users", "add", "amani@example.org", "--by", "ops@example.org"], input: "a long enough passphrase\n").status == 0)
        #expect(try cli.run(["users", "set-password", "amani@example.org", "--by", "ops@example.org"], input: "a different passphrase\n").status == 0)
        #expect(try cli.run("users", "remove", "amani@example.org", "--by", "ops@example.org").status == 0)
        // Refused: nothing happened, so nothing is recorded.
        #expect(try cli.run("users", "remove", "nobody", "--by", "ops@example.org").status != 0)

        let entries = try await Self.entries(cli)
        #expect(entries.map(\.action) == ["user removed", "password changed", "user added"])
        #expect(entries.allSatisfy { $0.actor == "ops@example.org" && $0.detail == "amani@example.org" && $0.client == "command line" })

        let shown = try cli.run("audit")
        #expect(shown.status == 0, "\(shown.stderr)")
        let lines = shown.stdout.split(separator: "\n")
        #expect(lines.first?.hasPrefix("ID") == true)
        #expect(lines.count == 4)
        #expect(lines[1].contains("ops@example.org") && lines[1].contains("user removed") && lines[1].contains("command line"))
    }

    @Test func importsPublishingAndRollbacksAreRecorded() async throws {
        let cli = try CLI()
        let csv = try cli.write("national.csv", partyListCSV(rows: 10))
        let importArguments = ["import", csv, "--ballot", "national", "--area-column", "list_type"]
        #expect(try cli.run(importArguments + ["--by", "amani@example.org"], input: nil).status == 0)
        #expect(try cli.run(importArguments + ["--draft", "--by", "amani@example.org"], input: nil).status == 0)
        #expect(try cli.run(importArguments + ["--dry-run"], input: nil).status == 0)
        #expect(try cli.run("datasets", "publish", "2", "--by", "zoe").status == 0)
        #expect(try cli.run("datasets", "rollback", "--by", "zoe").status == 0)

        let entries = try await Self.entries(cli)
        #expect(entries.map(\.action) == ["rollback", "publish", "import", "import"], "a dry run stores and records nothing")
        #expect(entries.map(\.detail) == [
            "to version 1", "version 2", "version 2, draft; national.csv", "version 1, published; national.csv",
        ])
        #expect(entries.map(\.actor) == ["zoe", "zoe", "amani@example.org", "amani@example.org"])

        // Paging on the command line, and the CSV, which records its own download.
        let page = try cli.run("audit", "--limit", "2")
        #expect(page.stdout.contains("older entries: mycandidate audit --before \(entries[1].id)"))
        #expect(try cli.run("audit", "--before", String(entries[1].id)).stdout.contains("version 1, published"))
        let exported = try cli.run("audit", "--csv", "--by", "zoe")
        #expect(exported.status == 0, "\(exported.stderr)")
        let lines = exported.stdout.components(separatedBy: "\r\n")
        #expect(lines.first == "id,at,actor,action,detail,client")
        #expect(lines.count == 7)
        #expect(lines[1].hasSuffix(",zoe,audit export,,command line"))
        #expect(lines[5].hasSuffix(#","version 1, published; national.csv",command line"#))
    }

    @Test func withoutByTheLoginNameIsTheActor() async throws {
        let cli = try CLI()
        let (process, out, _) = try cli.start(["users", "add", "zoe-admin"], environment: ["USER": "amani", "LOGNAME": "other"], input: "a long enough passphrase\n")
        _ = out.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        #expect(process.terminationStatus == 0)
        #expect(try await Self.entries(cli).map(\.actor) == ["amani"])
    }

    /// Every entry in the CLI's database, newest first.
    static func entries(_ cli: CLI) async throws -> [AuditRecord] {
        let repository = try await SQLiteDatasetRepository.open(path: cli.folder.appendingPathComponent("db.sqlite").path, logger: Logger(label: "test"))
        do {
            let entries = try await repository.auditEntries(before: nil, limit: 1_000)
            await repository.shutdown()
            return entries
        } catch {
            await repository.shutdown()
            throw error
        }
    }
}
