import ArgumentParser
import MyCandidateWeb

struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Run the web server (drains and stops on SIGTERM or SIGINT)."
    )

    @Option(help: "Address to listen on (overrides HOST).")
    var host: String?

    @Option(help: "Port to listen on (overrides PORT).")
    var port: Int?

    func run() async throws {
        var config = try Environment.config()
        if let host { config.host = host }
        if let port { config.port = port }
        // JSON lines (or text) on stdout for every logger in the process, libraries' included.
        bootstrapLogging(for: config)
        // Waits for the database, serves, and on SIGTERM drains in the order the README's
        // "Running in production" describes.
        try await runServer(config)
    }
}
