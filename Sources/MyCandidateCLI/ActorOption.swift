import ArgumentParser
import Foundation

/// `--by`: who is running a command. Every command that changes something records it in the
/// audit log as this name; an import also stores it as the version's importer.
struct ActorOption: ParsableArguments {
    @Option(help: "Who is running this, as the audit log (and an import's versions list entry) records it; default: the login name, or \"command line\".")
    var by: String?

    /// `--by`, else the login name (`USER`, then `LOGNAME`), else "command line": a shared
    /// service account tells little, so operators are asked to say who they are.
    var name: String {
        let environment = ProcessInfo.processInfo.environment
        return [by, environment["USER"], environment["LOGNAME"]].compactMap { $0?.trimmingCharacters(in: .whitespaces) }
            .first { !$0.isEmpty } ?? "command line"
    }
}
