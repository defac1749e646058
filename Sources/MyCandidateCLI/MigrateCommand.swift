import ArgumentParser
import MyCandidateWeb

struct MigrateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "migrate",
        abstract: "Apply pending database migrations (run once per release in production)."
    )

    func run() async throws {
        var config = try Environment.config()
        config.migrateOnStart = false
        // A one-off task started with the deployment may find the database still starting.
        try await waitForDatabase(config.database, timeout: config.startupDatabaseTimeout, logger: Environment.logger(config))
        let repository = try await Environment.repository(config)
        do {
            let applied = try await repository.migrate()
            print(applied.isEmpty ? "database is up to date" : "applied: " + applied.joined(separator: ", "))
            await repository.shutdown()
        } catch {
            await repository.shutdown()
            throw error
        }
    }
}
