import Foundation
import NIOCore
import NIOPosix

/// Asks a running server's health endpoint over HTTP/1.1, for `mycandidate healthcheck`: the
/// container image's `HEALTHCHECK` runs the binary itself, so the image needs no curl or wget.
public enum HealthProbe {
    /// What the server answered.
    public struct Answer: Sendable, Equatable {
        public var status: Int
        public var body: String
    }

    /// Why the probe got no answer.
    public struct Failure: Error, CustomStringConvertible {
        public var description: String
    }

    /// The address to probe for a server listening on `host`: a wildcard listens on loopback
    /// too, and loopback is the address a container's own health check can always reach.
    public static func target(forListeningHost host: String) -> String {
        switch host {
        case "", "0.0.0.0", "*": "127.0.0.1"
        case "::", "[::]": "::1"
        default: host
        }
    }

    /// GETs `path` from `host:port`, giving up after `timeout` in all.
    ///
    /// - Throws: ``Failure`` when the connection fails, times out or the answer is not HTTP.
    public static func get(host: String, port: Int, path: String, timeout: Duration) async throws -> Answer {
        let attempt: @Sendable () async throws -> Answer = {
            try await exchange(host: host, port: port, path: path, connectTimeout: timeout)
        }
        switch await result(within: timeout, of: attempt) {
        case .success(let answer): return answer
        case .failure(let error as Failure): throw error
        case .failure(let error): throw Failure(description: "http://\(display(host)):\(port)\(path): \(error)")
        case nil: throw Failure(description: "http://\(display(host)):\(port)\(path): \(TimedOut(limit: timeout))")
        }
    }

    private static func exchange(host: String, port: Int, path: String, connectTimeout: Duration) async throws -> Answer {
        let channel = try await ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .connectTimeout(TimeAmount.nanoseconds(Int64(connectTimeout.components.seconds) * 1_000_000_000
                + connectTimeout.components.attoseconds / 1_000_000_000))
            .connect(host: host, port: port) { channel in
                channel.eventLoop.makeCompletedFuture {
                    try NIOAsyncChannel<ByteBuffer, ByteBuffer>(wrappingChannelSynchronously: channel)
                }
            }
        // `Connection: close` makes the server end the exchange, so the body is everything that
        // arrives; a health answer is small, and anything past 64 KB is not one.
        let request = "GET \(path) HTTP/1.1\r\nHost: \(display(host)):\(port)\r\nUser-Agent: mycandidate-healthcheck\r\n"
            + "Accept: application/json\r\nConnection: close\r\n\r\n"
        let raw = try await channel.executeThenClose { inbound, outbound in
            try await outbound.write(ByteBuffer(string: request))
            var received = ByteBuffer()
            for try await chunk in inbound {
                received.writeImmutableBuffer(chunk)
                if received.readableBytes > 65_536 { break }
            }
            return String(buffer: received)
        }
        return try parse(raw, from: "http://\(display(host)):\(port)\(path)")
    }

    /// The status code and body of a complete HTTP/1.1 response; a chunked body is joined.
    static func parse(_ raw: String, from url: String) throws -> Answer {
        guard let headerEnd = raw.range(of: "\r\n\r\n") else {
            throw Failure(description: "\(url): the answer ended before its headers did")
        }
        let head = raw[..<headerEnd.lowerBound].split(separator: "\r\n", omittingEmptySubsequences: false)
        let statusLine = head.first?.split(separator: " ") ?? []
        guard statusLine.count >= 2, statusLine[0].hasPrefix("HTTP/1."), let status = Int(statusLine[1]) else {
            throw Failure(description: "\(url): not an HTTP answer")
        }
        var body = String(raw[headerEnd.upperBound...])
        let chunked = head.dropFirst().contains {
            $0.lowercased().hasPrefix("transfer-encoding:") && $0.lowercased().contains("chunked")
        }
        if chunked { body = dechunk(body) }
        return Answer(status: status, body: body)
    }

    private static func dechunk(_ body: String) -> String {
        let bytes = Array(body.utf8)
        var joined: [UInt8] = []
        var index = 0
        // Each chunk is "<hex size>[;extensions]\r\n<data>\r\n"; a size of 0 ends the body.
        while let lineEnd = bytes[index...].firstIndex(of: UInt8(ascii: "\r")) {
            let sizeText = String(decoding: bytes[index..<lineEnd], as: UTF8.self).split(separator: ";").first ?? ""
            guard let size = Int(sizeText.filter { !$0.isWhitespace }, radix: 16), size > 0 else { break }
            let start = lineEnd + 2
            guard start + size <= bytes.count else { break }
            joined += bytes[start..<start + size]
            index = min(bytes.count, start + size + 2)
        }
        return String(decoding: joined, as: UTF8.self)
    }

    private static func display(_ host: String) -> String {
        host.contains(":") ? "[\(host)]" : host
    }
}
