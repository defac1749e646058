import Foundation
import NIOCore
import NIOPosix

/// A `redis-server` process of a test's own, on 127.0.0.1 without persistence, in a temporary
/// folder that goes away with it. Shared by the Redis client suite and the web suite, which
/// stop and restart it under running instances.
public actor RedisServer {
    public struct ACLUser: Sendable {
        public var name: String
        public var password: String

        public init(name: String, password: String) {
            self.name = name
            self.password = password
        }
    }

    public struct Options: Sendable {
        public var password: String?
        public var user: ACLUser?
        public var tls: TestCertificates?

        public init(password: String? = nil, user: ACLUser? = nil, tls: TestCertificates? = nil) {
            self.password = password
            self.user = user
            self.tls = tls
        }
    }

    /// The `redis-server` binary, found on `PATH`.
    public static let binary: String? = executable(named: "redis-server")

    /// Whether the suites that need a server run: when the binary is there, and also in CI
    /// without it, so that a CI run missing Redis fails instead of quietly skipping.
    public static let available: Bool = {
        if binary != nil || ProcessInfo.processInfo.environment["CI"] == "true" { return true }
        print("redis-server is not on PATH: the Redis server suites are skipped")
        return false
    }()

    // Nonisolated: immutable, and read from other modules without a hop to the actor.
    public nonisolated let port: Int
    public nonisolated let options: Options
    public nonisolated let folder: URL
    private var process: Process?
    private var starts = 0

    private init(port: Int, options: Options, folder: URL) {
        self.port = port
        self.options = options
        self.folder = folder
    }

    /// `redis://` or `rediss://` to this server, with the password when it has one.
    public nonisolated var url: String {
        let scheme = options.tls == nil ? "redis" : "rediss"
        let credentials = options.password.map { ":\($0)@" } ?? ""
        return "\(scheme)://\(credentials)127.0.0.1:\(port)"
    }

    /// Starts a server on a free port.
    public static func start(_ options: Options = Options()) async throws -> RedisServer {
        guard binary != nil else {
            throw TestSetupError("redis-server is not on PATH while CI=true: the Redis suites must run in CI (see .ci/run)")
        }
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("mycandidate-redis-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        // Another test may take the same free port a moment later; then try another.
        var lastError: (any Error)?
        for _ in 0..<5 {
            let server = RedisServer(port: try await freePort(), options: options, folder: folder)
            do {
                try await server.launch()
                return server
            } catch {
                lastError = error
            }
        }
        throw lastError ?? TestSetupError("redis-server did not start")
    }

    /// Stops the server as a crashed node would, with SIGKILL: the test process's threads block
    /// SIGTERM and a child inherits that mask, so a polite SIGTERM would never arrive.
    public func stop() async {
        guard let process else { return }
        self.process = nil
        kill(process.processIdentifier, SIGKILL)
        let deadline = ContinuousClock.now + .seconds(5)
        while process.isRunning, ContinuousClock.now < deadline {
            try? await Task.sleep(for: .milliseconds(10))
        }
    }

    /// Starts the server again on the same port, with an empty dataset.
    public func restart() async throws {
        await stop()
        try await launch()
    }

    /// Stops the server and removes its folder.
    public func remove() async {
        await stop()
        try? FileManager.default.removeItem(at: folder)
    }

    private func launch() async throws {
        starts += 1
        let log = folder.appendingPathComponent("redis-\(port)-\(starts).log")
        var arguments = [
            "--bind", "127.0.0.1", "--save", "", "--appendonly", "no",
            "--dir", folder.path, "--logfile", log.path, "--daemonize", "no",
        ]
        if let tls = options.tls {
            arguments += [
                "--port", "0", "--tls-port", String(port),
                "--tls-cert-file", tls.serverCertificate.path, "--tls-key-file", tls.serverKey.path,
                "--tls-ca-cert-file", tls.caCertificate.path, "--tls-auth-clients", "no",
            ]
        } else {
            arguments += ["--port", String(port)]
        }
        if let password = options.password { arguments += ["--requirepass", password] }
        if let user = options.user {
            arguments += ["--user", user.name, "on", ">\(user.password)", "~*", "&*", "+@all"]
        }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: Self.binary ?? "redis-server")
        process.arguments = arguments
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        self.process = process

        // Ready once it says so in its log; a port already taken makes it exit instead.
        for _ in 0..<500 {
            if let text = try? String(contentsOf: log, encoding: .utf8), text.contains("Ready to accept connections") {
                return
            }
            if !process.isRunning { break }
            try? await Task.sleep(for: .milliseconds(10))
        }
        let text = (try? String(contentsOf: log, encoding: .utf8)) ?? ""
        await stop()
        throw TestSetupError("redis-server on port \(port) did not start: \(text.suffix(500))")
    }
}

/// Runs `body` with a fresh server, removed afterwards whatever happens.
public func withRedisServer(
    _ options: RedisServer.Options = RedisServer.Options(),
    _ body: (RedisServer) async throws -> Void
) async throws {
    let server = try await RedisServer.start(options)
    do {
        try await body(server)
        await server.remove()
    } catch {
        await server.remove()
        throw error
    }
}

/// A port nothing listens on now, below Linux's ephemeral range (32768 and up) so that no
/// client socket of a concurrent test takes it a moment later (see .ci/services.sh).
public func freePort() async throws -> Int {
    for _ in 0..<200 {
        let port = Int.random(in: 10_000..<32_000)
        if let channel = try? await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .bind(host: "127.0.0.1", port: port).get() {
            try await channel.close()
            return port
        }
    }
    throw TestSetupError("no free port found")
}

/// An executable of that name on `PATH`.
public func executable(named name: String) -> String? {
    let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/local/bin:/usr/bin:/bin"
    for folder in path.split(separator: ":") {
        let candidate = "\(folder)/\(name)"
        if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
    }
    return nil
}

/// Runs a program to completion, failing with its output when it exits non-zero.
public func runProgram(_ executable: String, _ arguments: [String], in folder: URL) async throws {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: executable)
    process.arguments = arguments
    process.currentDirectoryURL = folder
    let output = Pipe()
    process.standardOutput = output
    process.standardError = output
    try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, any Error>) in
        process.terminationHandler = { _ in continuation.resume() }
        do {
            try process.run()
        } catch {
            process.terminationHandler = nil
            continuation.resume(throwing: error)
        }
    }
    guard process.terminationStatus == 0 else {
        let text = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        throw TestSetupError("\(executable) \(arguments.joined(separator: " ")) failed: \(text)")
    }
}

public struct TestSetupError: Error, CustomStringConvertible {
    public var description: String
    public init(_ description: String) { self.description = description }
}
