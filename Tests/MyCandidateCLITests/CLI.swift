import Foundation
import Testing

/// Runs the built `mycandidate` binary against a throwaway SQLite database.
struct CLI {
    let folder: URL
    var databaseURL: String { "sqlite:" + folder.appendingPathComponent("db.sqlite").path }

    init() throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("mycandidate-cli-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    }

    /// The binary sits next to the test bundle in the build folder.
    static var binary: URL {
        var candidates = [URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()]
        candidates.append(Bundle.main.bundleURL)
        for folder in candidates {
            for url in [folder, folder.deletingLastPathComponent()] {
                let binary = url.appendingPathComponent("mycandidate")
                if FileManager.default.isExecutableFile(atPath: binary.path) { return binary }
            }
        }
        return candidates[0].appendingPathComponent("mycandidate")
    }

    func write(_ name: String, _ text: String) throws -> String {
        let url = folder.appendingPathComponent(name)
        try Data(text.utf8).write(to: url)
        return url.path
    }

    struct Output {
        var status: Int32
        var stdout: String
        var stderr: String
    }

    /// - Parameter input: written to the process's standard input, which is then closed; `nil`
    ///   leaves the test runner's own.
    func start(_ arguments: [String], environment extra: [String: String] = [:], input: String? = nil) throws -> (Process, Pipe, Pipe) {
        let process = Process()
        process.executableURL = Self.binary
        process.arguments = arguments
        var environment = ProcessInfo.processInfo.environment
        environment["DATABASE_URL"] = databaseURL
        // These tests are about the embedded setup: a Redis that .ci/run exports for other
        // suites would share its publishing lock with them (a kill -9 test holds it).
        environment["REDIS_URL"] = nil
        environment["REDIS_AUTH_TOKEN"] = nil
        environment["LOG_LEVEL"] = "warning"
        environment.merge(extra) { _, new in new }
        process.environment = environment
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        let stdin = Pipe()
        if input != nil { process.standardInput = stdin }
        try process.run()
        if let input {
            stdin.fileHandleForWriting.write(Data(input.utf8))
            try stdin.fileHandleForWriting.close()
        }
        return (process, out, err)
    }

    @discardableResult
    func run(_ arguments: String..., environment: [String: String] = [:]) throws -> Output {
        try run(arguments, input: nil, environment: environment)
    }

    @discardableResult
    func run(_ arguments: [String], input: String?, environment: [String: String] = [:]) throws -> Output {
        let (process, out, err) = try start(arguments, environment: environment, input: input)
        // Read before waiting so a chatty process cannot block on a full pipe.
        let stdout = out.fileHandleForReading.readDataToEndOfFile()
        let stderr = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Output(
            status: process.terminationStatus,
            stdout: String(decoding: stdout, as: UTF8.self),
            stderr: String(decoding: stderr, as: UTF8.self)
        )
    }
}

/// Party-list CSV text in the South African shape.
func partyListCSV(rows: Int, surnamePrefix: String = "Surname") -> String {
    var csv = "party,list_type,orderno,idnumber,full_names,surname,age\n"
    csv.reserveCapacity(rows * 64)
    for row in 0..<rows {
        let party = "Party \(row % 50)"
        let area = "Area \(row / 50 % 100)"
        csv += "\(party),\(area),\(row / 5000 + 1),8001015******,Given \(row),\(surnamePrefix) \(row),\(20 + row % 60)\n"
    }
    return csv
}

#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// A `mycandidate serve` process on a random loopback port.
struct Server {
    let process: Process
    let port: Int

    static func start(_ cli: CLI) async throws -> Server {
        for _ in 0..<5 {
            let port = Int.random(in: 20_000...60_000)
            // No Prometheus listener: tests start servers side by side, and its port is fixed.
            let (process, _, _) = try cli.start(
                ["serve", "--port", String(port)], environment: ["SNAPSHOT_POLL_SECONDS": "1", "METRICS_PORT": "0"]
            )
            let server = Server(process: process, port: port)
            let deadline = Date().addingTimeInterval(20)
            while process.isRunning && Date() < deadline {
                if (try? await server.get("/healthz")) != nil { return server }
                try await Task.sleep(for: .milliseconds(100))
            }
            server.stop()
        }
        throw CancellationError()
    }

    /// The body of a 200 response; throws for anything else.
    func get(_ path: String) async throws -> String {
        let url = URL(string: "http://127.0.0.1:\(port)\(path)")!
        let (data, response) = try await URLSession.shared.data(from: url)
        guard (response as? HTTPURLResponse)?.statusCode == 200 else { throw URLError(.badServerResponse) }
        return String(decoding: data, as: UTF8.self)
    }

    func stop() {
        if process.isRunning { process.terminate() }
        process.waitUntilExit()
    }
}
