import ArgumentParser

/// The `mycandidate` binary: one executable for the server and every operator task.
@main
struct MyCandidateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "mycandidate",
        abstract: "Shows voters every party and candidate on their ballot.",
        discussion: "Configured by environment variables; see the README's configuration table.",
        subcommands: [ServeCommand.self, MigrateCommand.self, ImportCommand.self, DatasetsCommand.self, UsersCommand.self,
                      AuditCommand.self, ConfigCommand.self, HealthcheckCommand.self, AssetsCommand.self]
    )
}
