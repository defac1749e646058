#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// An IPv4 or IPv6 address, parsed with the C library's `inet_pton` (so only the standard
/// textual forms are accepted: dotted quads, and IPv6 with `::` and an optional dotted tail).
///
/// An IPv4-mapped IPv6 address (`::ffff:192.0.2.1`, as a dual-stack socket reports IPv4 peers)
/// is the IPv4 address it maps, so it matches IPv4 ranges and keys like the plain form.
enum IPAddress: Hashable, Sendable, CustomStringConvertible {
    case v4(UInt32)
    /// The 128 bits as two big-endian halves.
    case v6(high: UInt64, low: UInt64)

    init?(_ text: some StringProtocol) {
        let text = String(text)
        // inet_pton would stop at a NUL byte and accept the prefix before it.
        guard !text.isEmpty, text.utf8.count <= 45, !text.utf8.contains(0) else { return nil }
        if text.contains(":") {
            var bytes = [UInt8](repeating: 0, count: 16)
            guard inet_pton(AF_INET6, text, &bytes) == 1 else { return nil }
            self.init(v6Bytes: bytes)
        } else {
            var bytes = [UInt8](repeating: 0, count: 4)
            guard inet_pton(AF_INET, text, &bytes) == 1 else { return nil }
            self = .v4(bytes.reduce(0) { $0 << 8 | UInt32($1) })
        }
    }

    /// 16 bytes in network order; IPv4-mapped addresses become IPv4.
    init(v6Bytes bytes: [UInt8]) {
        precondition(bytes.count == 16)
        if bytes[0..<10].allSatisfy({ $0 == 0 }), bytes[10] == 0xFF, bytes[11] == 0xFF {
            self = .v4(bytes[12...].reduce(0) { $0 << 8 | UInt32($1) })
        } else {
            let high = bytes[0..<8].reduce(0) { $0 << 8 | UInt64($1) }
            let low = bytes[8..<16].reduce(0) { $0 << 8 | UInt64($1) }
            self = .v6(high: high, low: low)
        }
    }

    /// The canonical text (RFC 5952 for IPv6, as `inet_ntop` writes it), so differently written
    /// forms of one address give one rate-limit key.
    var description: String {
        switch self {
        case .v4(let value):
            return [24, 16, 8, 0].map { String(value >> $0 & 0xFF) }.joined(separator: ".")
        case .v6(let high, let low):
            var bytes = [UInt8](repeating: 0, count: 16)
            for index in 0..<8 {
                bytes[index] = UInt8(truncatingIfNeeded: high >> (56 - 8 * index))
                bytes[8 + index] = UInt8(truncatingIfNeeded: low >> (56 - 8 * index))
            }
            var text = [CChar](repeating: 0, count: 64)
            guard inet_ntop(AF_INET6, bytes, &text, socklen_t(text.count)) != nil else {
                return "::" // unreachable: 16 bytes always format
            }
            return String(decoding: text.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        }
    }
}
