import MyCandidateStorage

extension Environment {
    /// Records what a command did in the audit log, through the repository it did it with.
    ///
    /// A failure is printed, not thrown: the action has already happened, and an error exit
    /// would tell the operator it had not.
    static func audit(_ action: AuditAction, detail: String, actor: String, in repository: any Repository) async {
        do {
            try await repository.record(AuditEntry(action: action, actor: actor, detail: detail, client: AuditEntry.commandLineClient))
        } catch {
            printError("error: could not write to the audit log (\(error)); the \(action.rawValue) itself went through")
        }
    }
}
