import Foundation
import Synchronization
import Testing
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// The stop sequence of a real `mycandidate serve` process: SIGTERM turns `/readyz` to 503 at
/// once, the server keeps answering for SHUTDOWN_DELAY, then stops accepting connections and
/// lets the requests in flight finish before it exits 0; SHUTDOWN_TIMEOUT bounds it all.
@Suite(.serialized) struct GracefulShutdownTests {
    /// A published dataset big enough that its export takes seconds to read at a slow pace
    /// (about 7 MB as CSV, 20 MB as JSON).
    static func bigDataset() throws -> CLI {
        let cli = try CLI()
        let csv = try cli.write("big.csv", partyListCSV(rows: 70_000))
        let imported = try cli.run("import", csv, "--ballot", "national", "--area-column", "list_type")
        #expect(imported.status == 0, "\(imported.stderr)")
        return cli
    }

    @Test func inFlightRequestsFinishAndReadinessTurnsOffFirst() async throws {
        let cli = try Self.bigDataset()
        let server = try await RunningServer.start(cli, environment: [
            "SHUTDOWN_DELAY": "2", "SHUTDOWN_TIMEOUT": "120", "RATE_LIMIT_PER_MINUTE": "0", "LOG_LEVEL": "notice",
        ])
        defer { if server.process.isRunning { server.process.terminate() } }
        let reference = try await server.get("/api/v1/export.csv")
        #expect(reference.status == 200)
        let total = reference.body.count
        #expect(total > 6_500_000, "export is only \(total) bytes")

        // Three slow readers. The kernel takes up to 4 MB of each response off the server at
        // once (loopback's largest send buffer); the rest keeps the server writing for seconds
        // after the signal, past SHUTDOWN_DELAY. Slow enough together that the debug build
        // writing them leaves the CPU mostly idle: a saturated one delays even the signal.
        // The signal comes as soon as every response has begun.
        let pace = 250_000
        let kernelBuffers = 4_200_000
        let downloads = (0..<3).map { _ in SlowDownload(port: server.port, path: "/api/v1/export.csv", bytesPerSecond: pace) }
        let tasks = downloads.map { download in Task { try await download.run() } }
        while downloads.contains(where: { $0.received == 0 }) { try await Task.sleep(for: .milliseconds(20)) }

        let clock = ContinuousClock()
        let signalled = clock.now
        kill(server.process.processIdentifier, SIGTERM)
        let receivedAtSignal = downloads.map(\.received)
        // What the server still had to write beyond what the kernel can hold, at the pace read.
        let serverBusyFor = Double(total - kernelBuffers - receivedAtSignal.max()!) / Double(pace)
        #expect(serverBusyFor > 3, "the downloads started too far apart (\(receivedAtSignal)) to outlast SHUTDOWN_DELAY")

        // At once: not ready, but still answering new connections, pages and all (these
        // requests would fail once the listener is closed).
        var readiness = try await server.get("/readyz")
        while readiness.status == 200 && clock.now - signalled < .seconds(2) {
            readiness = try await server.get("/readyz")
        }
        #expect(readiness.status == 503)
        #expect(String(decoding: readiness.body, as: UTF8.self).hasPrefix(#"{"status":"shutting_down","#))
        #expect(try await server.get("/").status == 200)
        #expect(try await server.get("/healthz").status == 200)

        // After the delay the listener is closed, new connections are refused, and the
        // downloads are still going.
        var refused = false
        while !refused && clock.now - signalled < .seconds(10) && server.process.isRunning {
            refused = !canConnect(port: server.port)
            if !refused { try await Task.sleep(for: .milliseconds(50)) }
        }
        #expect(refused, "the listener should close after SHUTDOWN_DELAY")
        #expect(clock.now - signalled >= .seconds(2), "the listener closed before SHUTDOWN_DELAY was over")
        #expect(server.process.isRunning, "the server should still be writing the downloads")
        #expect(downloads.allSatisfy { $0.received < total }, "the downloads should outlast the listener")

        // Every download in flight completes, whole.
        for (index, task) in tasks.enumerated() {
            let body: Data
            do { body = try await task.value } catch {
                // What the server said about its stop is the clue to a cut-off download.
                _ = try? await server.waitForExit(within: .seconds(30))
                Issue.record("download \(index) of \(total) bytes failed: \(error); the server's log: \(server.log)")
                throw error
            }
            #expect(body == reference.body, "download \(index) got \(body.count) of \(total) bytes")
        }
        let took = try await server.waitForExit(within: .seconds(120))
        #expect(!server.process.isRunning)
        #expect(server.process.terminationReason == .exit)
        #expect(server.process.terminationStatus == 0, "\(server.log)")
        #expect(clock.now - signalled < .seconds(120), "took \(took) after the downloads")
        let log = server.log
        #expect(log.contains("stop requested"), "\(log)")
        #expect(log.contains("stopped"), "\(log)")
    }

    @Test func shutdownTimeoutCutsOffAStalledRequest() async throws {
        let cli = try Self.bigDataset()
        let server = try await RunningServer.start(cli, environment: [
            "SHUTDOWN_DELAY": "1", "SHUTDOWN_TIMEOUT": "3", "RATE_LIMIT_PER_MINUTE": "0",
        ])
        defer { if server.process.isRunning { server.process.terminate() } }
        // A reader that would need minutes: the shutdown must not wait for it.
        let stalled = SlowDownload(port: server.port, path: "/api/v1/export.json", bytesPerSecond: 50_000)
        let task = Task { try await stalled.run() }
        while stalled.received < 50_000 { try await Task.sleep(for: .milliseconds(20)) }
        kill(server.process.processIdentifier, SIGTERM)
        let took = try await server.waitForExit(within: .seconds(15))
        // The kernel still holds what the server wrote before it was cut off: read it at once.
        stalled.hurry()
        #expect(!server.process.isRunning)
        // Three seconds of graceful shutdown and at most three of cancellation.
        #expect(took < .seconds(7), "took \(took)")
        #expect(took >= .seconds(3))
        #expect(server.process.terminationStatus != 0)
        #expect(server.log.contains("SHUTDOWN_TIMEOUT"), "\(server.log)")
        await #expect(throws: (any Error).self) { try await task.value }
    }

    @Test func startUpGivesUpOnAnUnreachableDatabaseSayingWhy() throws {
        let cli = try CLI()
        let clock = ContinuousClock()
        let start = clock.now
        let result = try cli.run("serve", environment: [
            "DATABASE_URL": "postgres://app@127.0.0.1:1/mycandidate?sslmode=disable", "STARTUP_DB_TIMEOUT": "3",
        ])
        #expect(result.status != 0)
        #expect(clock.now - start < .seconds(10))
        // The wait is logged (stdout); the final error goes to stderr.
        #expect(result.stdout.contains("waiting for the database"), "\(result.stdout)")
        #expect(result.stdout.localizedCaseInsensitiveContains("refused"), "\(result.stdout)")
        #expect(result.stderr.contains("could not be reached"), "\(result.stderr)")
        #expect(result.stderr.contains("STARTUP_DB_TIMEOUT"))
    }
}

/// A running server whose output is kept, so the test can read what it logged.
struct RunningServer {
    let process: Process
    let port: Int
    /// Log lines (stdout) and the error a failed run ends with (stderr).
    let stdout: Pipe
    let stderr: Pipe

    static func start(_ cli: CLI, environment: [String: String]) async throws -> RunningServer {
        // No Prometheus listener: its port is fixed, and other suites start servers meanwhile.
        let environment = environment.merging(["METRICS_PORT": "0", "LOG_FORMAT": "text"]) { mine, _ in mine }
        for _ in 0..<5 {
            let port = Int.random(in: 20_000...60_000)
            let (process, stdout, stderr) = try cli.start(["serve", "--port", String(port)], environment: environment)
            let server = RunningServer(process: process, port: port, stdout: stdout, stderr: stderr)
            let deadline = Date().addingTimeInterval(30)
            while process.isRunning && Date() < deadline {
                if (try? await server.get("/readyz")).map({ $0.status == 200 }) == true { return server }
                try await Task.sleep(for: .milliseconds(100))
            }
            if process.isRunning { process.terminate() }
            process.waitUntilExit()
        }
        throw CancellationError()
    }

    func get(_ path: String) async throws -> (status: Int, body: Data) {
        var request = URLRequest(url: URL(string: "http://127.0.0.1:\(port)\(path)")!)
        request.timeoutInterval = 60
        let (data, response) = try await URLSession.shared.data(for: request)
        return ((response as? HTTPURLResponse)?.statusCode ?? 0, data)
    }

    /// Waits for the process to end, at most `limit`; returns how long it took.
    func waitForExit(within limit: Duration) async throws -> Duration {
        let clock = ContinuousClock()
        let start = clock.now
        while process.isRunning && clock.now - start < limit {
            try await Task.sleep(for: .milliseconds(50))
        }
        return clock.now - start
    }

    /// What the process wrote; read once it has exited (reading sooner waits for output).
    var log: String {
        String(decoding: stdout.fileHandleForReading.availableData + stderr.fileHandleForReading.availableData, as: UTF8.self)
    }
}

/// Whether a TCP connection to the loopback port opens.
func canConnect(port: Int) -> Bool {
    let socket = Glibc.socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
    guard socket >= 0 else { return false }
    defer { close(socket) }
    var address = loopback(port: port)
    return withUnsafePointer(to: &address) {
        $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(socket, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
    } == 0
}

private func loopback(port: Int) -> sockaddr_in {
    var address = sockaddr_in()
    address.sin_family = sa_family_t(AF_INET)
    address.sin_port = in_port_t(UInt16(port).bigEndian)
    address.sin_addr.s_addr = inet_addr("127.0.0.1")
    return address
}

/// An HTTP/1.1 GET read at a set pace on a blocking socket of its own thread, with a small
/// receive buffer: the server cannot finish the response much before the reader has read it,
/// so it is provably in flight while the test stops the server.
final class SlowDownload: Sendable {
    let port: Int
    let path: String
    let bytesPerSecond: Int
    private let count = Mutex(0)
    private let paced = Mutex(true)

    struct Failed: Error, CustomStringConvertible {
        var description: String
    }

    init(port: Int, path: String, bytesPerSecond: Int) {
        self.port = port
        self.path = path
        self.bytesPerSecond = bytesPerSecond
    }

    /// Bytes received so far, headers included.
    var received: Int { count.withLock { $0 } }

    /// Reads the rest as fast as it comes.
    func hurry() {
        paced.withLock { $0 = false }
    }

    /// The response body, once the server has sent all of it and closed the connection.
    func run() async throws -> Data {
        try await withCheckedThrowingContinuation { continuation in
            Thread.detachNewThread {
                continuation.resume(with: Result { try self.download() })
            }
        }
    }

    private func download() throws -> Data {
        let socket = Glibc.socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard socket >= 0 else { throw Failed(description: "socket: errno \(errno)") }
        defer { close(socket) }
        var buffer: Int32 = 32 * 1024
        setsockopt(socket, SOL_SOCKET, SO_RCVBUF, &buffer, socklen_t(MemoryLayout<Int32>.size))
        var address = loopback(port: port)
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(socket, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard connected == 0 else { throw Failed(description: "connect: errno \(errno)") }
        let request = Array("GET \(path) HTTP/1.1\r\nHost: 127.0.0.1:\(port)\r\nConnection: close\r\n\r\n".utf8)
        guard send(socket, request, request.count, 0) == request.count else { throw Failed(description: "send: errno \(errno)") }

        var response = Data()
        var chunk = [UInt8](repeating: 0, count: 16 * 1024)
        let start = Date()
        while true {
            let read = recv(socket, &chunk, chunk.count, 0)
            if read == 0 { break }
            guard read > 0 else { throw Failed(description: "recv: errno \(errno) after \(response.count) bytes") }
            response.append(contentsOf: chunk[0..<read])
            count.withLock { $0 = response.count }
            // Keep to the pace: sleep until the bytes read so far are due.
            let due = Double(response.count) / Double(bytesPerSecond)
            let ahead = due - Date().timeIntervalSince(start)
            if ahead > 0 && paced.withLock({ $0 }) { usleep(useconds_t(min(ahead, 0.1) * 1_000_000)) }
        }
        return try Self.body(of: response)
    }

    /// The body of a complete chunked response; throws when the last chunk never came.
    static func body(of response: Data) throws -> Data {
        let bytes = [UInt8](response)
        guard let headerEnd = bytes.firstRange(of: Array("\r\n\r\n".utf8)) else { throw Failed(description: "no headers") }
        let head = String(decoding: bytes[..<headerEnd.lowerBound], as: UTF8.self)
        guard head.hasPrefix("HTTP/1.1 200") else { throw Failed(description: "status: \(head.prefix(40))") }
        guard head.lowercased().contains("transfer-encoding: chunked") else { return Data(bytes[headerEnd.upperBound...]) }
        var body = Data()
        var index = headerEnd.upperBound
        while true {
            guard let lineEnd = bytes[index...].firstRange(of: Array("\r\n".utf8)),
                  let size = Int(String(decoding: bytes[index..<lineEnd.lowerBound], as: UTF8.self), radix: 16) else {
                throw Failed(description: "cut off after \(body.count) body bytes")
            }
            if size == 0 { return body }
            let start = lineEnd.upperBound
            guard start + size + 2 <= bytes.count else { throw Failed(description: "cut off after \(body.count) body bytes") }
            body.append(contentsOf: bytes[start..<start + size])
            index = start + size + 2
        }
    }
}
