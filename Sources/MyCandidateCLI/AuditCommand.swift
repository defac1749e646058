import ArgumentParser
import Foundation
import MyCandidateStorage
import MyCandidateWeb

/// `mycandidate audit`: the audit log, as the admin area's `/admin/audit` shows it.
struct AuditCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "audit",
        abstract: "Show the audit log: who did what in the admin area and with this command, when, and from where.",
        discussion: "Newest first. --csv writes the whole log as CSV, as the admin area's download does."
    )

    @Option(help: "How many entries to show.")
    var limit = 50

    @Option(help: "Show entries older than this entry id (the ID column), for the next page.")
    var before: Int?

    @Flag(help: "Write the whole log as CSV on standard output.")
    var csv = false

    @OptionGroup var actor: ActorOption

    func validate() throws {
        if limit < 1 { throw ValidationError("--limit must be at least 1") }
        if csv && before != nil { throw ValidationError("--csv writes the whole log; it takes no --before") }
    }

    func run() async throws {
        if csv {
            try await Environment.withRepository { repository in
                // Recorded first, as the admin area does: the log names people and addresses.
                await Environment.audit(.auditExported, detail: "", actor: actor.name, in: repository)
                FileHandle.standardOutput.write(Data(AuditCSV.header.utf8))
                try await repository.forEachAuditPage { page in
                    FileHandle.standardOutput.write(Data(page.map(AuditCSV.row).joined().utf8))
                }
            }
            return
        }
        let entries = try await Environment.withRepository { try await $0.auditEntries(before: before, limit: limit) }
        if entries.isEmpty {
            print(before == nil ? "the audit log is empty" : "no older entries")
            return
        }
        print(Self.line(["ID", "TIME (UTC)", "WHO", "ACTION", "FROM", "DETAIL"]))
        for entry in entries {
            print(Self.line([String(entry.id), AuditCSV.timestamp(entry.at), entry.actor, entry.action, entry.client, entry.detail]))
        }
        if entries.count == limit, let last = entries.last {
            print("older entries: mycandidate audit --before \(last.id)")
        }
    }

    /// Column widths of the table; a longer value pushes the rest of its line along rather than
    /// being cut, since a cut name could be mistaken for another.
    private static let widths = [8, 22, 22, 19, 18]

    /// One table line. Control characters are shown as `?`: a failed sign-in's name is whatever
    /// was typed, and escape sequences in it must not reach the operator's terminal.
    static func line(_ values: [String]) -> String {
        var line = ""
        for (index, value) in values.enumerated() {
            let shown = String(String.UnicodeScalarView(value.unicodeScalars.map { $0.properties.generalCategory == .control ? "?" : $0 }))
            line += shown
            if index < widths.count { line += String(repeating: " ", count: max(1, widths[index] - shown.count)) }
        }
        return line
    }
}
