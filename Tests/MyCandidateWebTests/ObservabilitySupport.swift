import Foundation
import Logging
@testable import MyCandidateWeb
import Synchronization
#if canImport(Glibc)
import Glibc
#endif

/// Keeps every line written to a ``LogOutput``, for tests to read.
final class LogCapture: Sendable {
    private let captured = Mutex<[String]>([])

    var output: LogOutput {
        LogOutput { line in self.captured.withLock { $0.append(line) } }
    }

    /// Every line as written, newline included.
    var lines: [String] { captured.withLock { $0 } }

    /// Every line parsed as a JSON object; a line that is not one fails the parse.
    func objects() throws -> [[String: Any]] {
        try lines.map { line in
            guard let object = try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any] else {
                throw CaptureError("not a JSON object: \(line)")
            }
            return object
        }
    }

    /// The access-log lines.
    func accessLines() throws -> [[String: Any]] {
        try objects().filter { $0["message"] as? String == "request" }
    }
}

struct CaptureError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}

/// A TCP port nobody listens on right now, found by binding port 0 on loopback and closing.
func unusedPort() throws -> Int {
    let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
    guard descriptor >= 0 else { throw CaptureError("socket() failed") }
    defer { close(descriptor) }
    var address = sockaddr_in()
    address.sin_family = sa_family_t(AF_INET)
    address.sin_addr.s_addr = inet_addr("127.0.0.1")
    address.sin_port = 0
    var length = socklen_t(MemoryLayout<sockaddr_in>.size)
    let bound = withUnsafePointer(to: &address) {
        $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(descriptor, $0, length) }
    }
    guard bound == 0 else { throw CaptureError("bind() failed") }
    let named = withUnsafeMutablePointer(to: &address) {
        $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(descriptor, $0, &length) }
    }
    guard named == 0 else { throw CaptureError("getsockname() failed") }
    return Int(UInt16(bigEndian: address.sin_port))
}
