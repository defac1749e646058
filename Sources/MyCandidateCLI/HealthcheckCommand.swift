import ArgumentParser
import MyCandidateWeb

/// `mycandidate healthcheck`: the container's `HEALTHCHECK`, run by the binary itself so the
/// image carries no HTTP client. It reads `HOST` and `PORT` as `serve` does.
struct HealthcheckCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "healthcheck",
        abstract: "Ask the running server on this host whether it is alive (exit 0) or not (exit 1).",
        discussion: """
            GETs /healthz (liveness: the process answers) from the server that HOST and PORT \
            describe, on loopback when HOST is a wildcard such as 0.0.0.0. With --ready it asks \
            /readyz instead, which also fails while no dataset is loaded and while shutting down.
            """
    )

    @Flag(help: "Ask /readyz (readiness) instead of /healthz (liveness).")
    var ready = false

    @Option(help: "Port of the server (overrides PORT).")
    var port: Int?

    @Option(help: "Seconds to wait for the answer.")
    var timeout: Double = 3

    func validate() throws {
        guard timeout > 0, timeout <= 60 else { throw ValidationError("--timeout must be above 0 and at most 60 seconds") }
    }

    func run() async throws {
        let config = try Environment.config()
        let host = HealthProbe.target(forListeningHost: config.host)
        let path = ready ? "/readyz" : "/healthz"
        do {
            let answer = try await HealthProbe.get(
                host: host, port: port ?? config.port, path: path, timeout: .milliseconds(Int(timeout * 1000))
            )
            // The body goes to standard output either way: Docker keeps it in the health log.
            print(answer.body)
            guard answer.status == 200 else {
                printError("unhealthy: \(path) answered \(answer.status)")
                throw ExitCode.failure
            }
        } catch let failure as HealthProbe.Failure {
            printError("unhealthy: \(failure)")
            throw ExitCode.failure
        }
    }
}
