import Foundation
import CompressNIO
import NIOCore

/// gzip for page bodies. Pages are compressed once per dataset version and language (the
/// compressed body sits in the page cache beside the plain one), not per request.
enum Compression {
    /// Whether an `Accept-Encoding` value allows gzip (RFC 9110 §12.5.3; `q=0` refuses it).
    static func acceptsGzip(_ acceptEncoding: String?) -> Bool {
        guard let acceptEncoding else { return false }
        return acceptEncoding.split(separator: ",").contains { item in
            let parts = item.split(separator: ";").map { $0.trimmingCharacters(in: .whitespaces).lowercased() }
            guard parts.first == "gzip" || parts.first == "*" else { return false }
            let quality = parts.dropFirst().first { $0.hasPrefix("q=") }.flatMap { Double($0.dropFirst(2)) } ?? 1
            return quality > 0
        }
    }

    static func gzip(_ body: ByteBuffer) throws -> ByteBuffer {
        var input = body
        return try input.compress(with: .gzip())
    }
}
