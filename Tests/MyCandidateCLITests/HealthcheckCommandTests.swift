import Foundation
import Testing

/// `mycandidate healthcheck`, the container's health check, and `import --demo`, the compose
/// stack's demo import, on the real binary.
@Suite(.serialized) struct HealthcheckCommandTests {
    @Test func healthcheckAsksTheRunningServer() async throws {
        let cli = try CLI()
        #expect(try cli.run("import", "--demo").status == 0)
        let server = try await RunningServer.start(cli, environment: [:])
        defer { if server.process.isRunning { server.process.terminate() } }
        let live = try cli.run("healthcheck", "--port", String(server.port))
        #expect(live.status == 0, "\(live.stderr)")
        #expect(live.stdout.contains(#""status":"ok""#))
        let ready = try cli.run("healthcheck", "--ready", "--port", String(server.port))
        #expect(ready.status == 0, "\(ready.stderr)")
        #expect(ready.stdout.contains(#""status":"ready""#))
        // HOST as a container sets it: the check goes to loopback.
        #expect(try cli.run("healthcheck", "--port", String(server.port), environment: ["HOST": "0.0.0.0"]).status == 0)

        server.process.terminate()
        _ = try await server.waitForExit(within: .seconds(10))
        let down = try cli.run("healthcheck", "--port", String(server.port), "--timeout", "2")
        #expect(down.status == 1)
        #expect(down.stderr.contains("unhealthy"), "\(down.stderr)")
    }

    @Test func demoImportRunsOnceOnly() throws {
        let cli = try CLI()
        let first = try cli.run("import", "--demo")
        #expect(first.status == 0, "\(first.stderr)")
        #expect(first.stdout.contains("published version 1"))
        let again = try cli.run("import", "--demo")
        #expect(again.status == 0, "\(again.stderr)")
        #expect(again.stderr.contains("already holds 1 dataset version"))
        #expect(try cli.run("import", "--demo", "x.csv").status != 0)
    }
}
