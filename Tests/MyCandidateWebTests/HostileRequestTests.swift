import Foundation
import Hummingbird
import HummingbirdTesting
import MyCandidateTestSupport
import Testing
@testable import MyCandidateWeb

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Requests made to hurt, sent byte for byte to a live server: each is answered with a 4xx (or a
/// 501 for a method no resource has), never a 500, and the server keeps answering.
@Suite struct HostileRequestTests {
    /// Runs `body` against the fixture app on a real socket, then checks the server still serves.
    func withLiveServer(_ body: @Sendable (Int) async throws -> Void) async throws {
        let app = try await buildApplication(try await WebFixture.config())
        try await app.test(.live) { client in
            let port = try #require(client.port)
            try await body(port)
            #expect(try await RawHTTP.exchange(port: port, "GET /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n").status == 200)
        }
    }

    /// Expects a client error for `request`; returns the answer for further checks.
    @discardableResult
    func expectClientError(_ port: Int, _ request: String, allowing allowed: ClosedRange<Int> = 400...499, sourceLocation: SourceLocation = #_sourceLocation) async throws -> RawHTTP.Answer {
        let answer = try await RawHTTP.exchange(port: port, request)
        let shown = request.count > 120 ? String(request.prefix(120)) + "…" : request
        #expect(allowed.contains(answer.status), "\(shown.debugDescription) → \(answer.status) \(answer.head.prefix(200))", sourceLocation: sourceLocation)
        return answer
    }

    @Test func oversizedHeadersAndQueryStrings() async throws {
        try await withLiveServer { port in
            let big = String(repeating: "a", count: 100 * 1024)
            try await expectClientError(port, "GET / HTTP/1.1\r\nHost: x\r\nX-Big: \(big)\r\nConnection: close\r\n\r\n")
            let many = (0..<2000).map { "X-H\($0): v\r\n" }.joined()
            try await expectClientError(port, "GET / HTTP/1.1\r\nHost: x\r\n\(many)Connection: close\r\n\r\n")
            try await expectClientError(port, "GET /search?q=\(big) HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
            try await expectClientError(port, "GET /api/v1/candidates?q=\(big) HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
            // Under the limits, a long query is the handler's to refuse or answer, never a 500.
            let long = String(repeating: "b", count: 30 * 1024)
            for path in ["/search?q=\(long)", "/api/v1/candidates?q=\(long)", "/pick?area=\(long)"] {
                let answer = try await RawHTTP.exchange(port: port, "GET \(path) HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
                #expect((200...499).contains(answer.status), "\(path.prefix(40)) → \(answer.status)")
            }
        }
    }

    @Test func invalidPercentEncoding() async throws {
        try await withLiveServer { port in
            for path in [
                "/areas/%zz", "/areas/%", "/areas/%E0%A4%A", "/areas/%ff%fe", "/ballots/%zz/areas/%zz",
                "/parties/%C0%AF", "/static/%zz", "/api/v1/ballots/%zz/areas", "/api/v1/areas/%ff",
                "/search?q=%zz", "/search?q=%ff%fe", "/?lang=%", "/api/v1/candidates?q=%zz", "/api/v1/candidates?limit=%ff",
                "/embed/areas/%zz",
            ] {
                try await expectClientError(port, "GET \(path) HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
            }
        }
    }

    @Test func pathTraversalFindsNoFile() async throws {
        try await withLiveServer { port in
            for path in [
                "/static/..%2f..%2fetc%2fpasswd", "/static/%2e%2e/%2e%2e/etc/passwd", "/static/%2e%2e/", "/static/../../etc/passwd",
                "/static/..%5c..%5cetc%5cpasswd", "/static/%2e%2e%2fPackage.swift", "/static/....//....//etc/passwd",
                "/api/v1/export.csv/../../../etc/passwd", "/admin/audit.csv/..%2f..%2fetc%2fpasswd", "/../../etc/passwd",
            ] {
                let answer = try await expectClientError(port, "GET \(path) HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
                #expect(!answer.raw.contains("root:"), "\(path)")
            }
        }
    }

    @Test func unknownMethods() async throws {
        try await withLiveServer { port in
            for method in ["PROPFIND", "BREW", "PUT", "DELETE", "PATCH", "TRACE", "CONNECT", "MKCOL", "FOO"] {
                for path in ["/", "/static/site.css", "/api/v1/ballots", "/admin/upload"] {
                    let target = method == "CONNECT" ? "127.0.0.1:1" : path
                    try await expectClientError(
                        port, "\(method) \(target) HTTP/1.1\r\nHost: x\r\nContent-Length: 0\r\nConnection: close\r\n\r\n", allowing: 400...501
                    )
                }
            }
        }
    }

    @Test func oversizedBodiesAndAbsurdContentLengths() async throws {
        try await withLiveServer { port in
            let form = "application/x-www-form-urlencoded"
            let body = String(repeating: "a=b&", count: 64 * 1024)
            let tooLarge = try await expectClientError(
                port, "POST /admin/login HTTP/1.1\r\nHost: x\r\nContent-Type: \(form)\r\nContent-Length: \(body.utf8.count)\r\nConnection: close\r\n\r\n\(body)"
            )
            #expect(tooLarge.status == 413)
            // A length no body will ever reach: refused on the header, not after waiting.
            for length in ["99999999999999999999999", "-1", "1e9", "12, 13"] {
                try await expectClientError(port, "POST /admin/login HTTP/1.1\r\nHost: x\r\nContent-Type: \(form)\r\nContent-Length: \(length)\r\nConnection: close\r\n\r\n")
            }
            let huge = try await expectClientError(
                port, "POST /admin/login HTTP/1.1\r\nHost: x\r\nContent-Type: \(form)\r\nContent-Length: 1000000000000\r\nConnection: close\r\n\r\na=b"
            )
            #expect(huge.status == 413)
            // Public pages and the API take no bodies.
            try await expectClientError(port, "POST / HTTP/1.1\r\nHost: x\r\nContent-Length: \(body.utf8.count)\r\nConnection: close\r\n\r\n\(body)")
            try await expectClientError(port, "POST /api/v1/ballots HTTP/1.1\r\nHost: x\r\nContent-Length: \(body.utf8.count)\r\nConnection: close\r\n\r\n\(body)")
        }
    }

    @Test func http10WithoutHostAndGarbage() async throws {
        try await withLiveServer { port in
            // HTTP/1.0 needs no Host: the page is served, and the connection closed.
            let old = try await RawHTTP.exchange(port: port, "GET /embed-code HTTP/1.0\r\n\r\n")
            #expect((200...499).contains(old.status), "\(old.head)")
            let noHost = try await RawHTTP.exchange(port: port, "GET / HTTP/1.1\r\nConnection: close\r\n\r\n")
            #expect((200...499).contains(noHost.status), "\(noHost.head)")
            try await expectClientError(port, "GET / HTTP/9.9\r\nHost: x\r\n\r\n")
            try await expectClientError(port, "\u{16}\u{03}\u{01}\u{02}\u{00}\u{01}\u{00}\u{01}\u{fc}\u{03}\u{03}\r\n\r\n")
            try await expectClientError(port, "GET / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\nContent-Length: 5\r\nConnection: close\r\n\r\nzzzz\r\n")
            try await expectClientError(port, "GET\u{0}/ HTTP/1.1\r\nHost: x\r\n\r\n")
        }
    }
}

/// An HTTP/1.x exchange on a plain socket, so that requests no client library would send can be.
enum RawHTTP {
    struct Answer {
        var status: Int
        var head: String
        var raw: String
    }

    /// Sends `request` byte for byte to 127.0.0.1:`port` and reads until the server closes the
    /// connection or 10 seconds pass. A server that closes without answering gives status 0.
    ///
    /// The socket calls block, so they run on a thread of their own: on the concurrency pool
    /// (two threads on a two-core machine) they would starve the server under test.
    static func exchange(port: Int, _ request: String) async throws -> Answer {
        try await withCheckedThrowingContinuation { continuation in
            Thread { continuation.resume(with: Result { try blockingExchange(port: port, request) }) }.start()
        }
    }

    private static func blockingExchange(port: Int, _ request: String) throws -> Answer {
        let descriptor = try LoopbackSocket.connect(port: port, timeoutSeconds: 10)
        defer { close(descriptor) }
        let bytes = Array(request.utf8)
        var sent = 0
        while sent < bytes.count {
            let count = bytes[sent...].withUnsafeBytes { send(descriptor, $0.baseAddress, $0.count, LoopbackSocket.noSignal) }
            // The server may answer and close before it has read everything; what it said counts.
            guard count > 0 else { break }
            sent += count
        }
        var received: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 65_536)
        while true {
            let count = buffer.withUnsafeMutableBytes { recv(descriptor, $0.baseAddress, $0.count, 0) }
            guard count > 0 else { break }
            received += buffer[..<count]
        }
        let raw = String(decoding: received, as: UTF8.self)
        let head = raw.components(separatedBy: "\r\n\r\n").first ?? ""
        let statusLine = head.split(separator: "\r\n").first?.split(separator: " ") ?? []
        let status = statusLine.count >= 2 ? Int(statusLine[1]) ?? 0 : 0
        return Answer(status: status, head: head, raw: raw)
    }
}
