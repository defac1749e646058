/// A CIDR range such as `10.0.0.0/16` or `2001:db8::/32`; a single address is its own range
/// (`/32` or `/128`). Host bits written after the prefix are ignored: `10.0.5.0/16` is
/// `10.0.0.0/16`.
struct IPRange: Hashable, Sendable, CustomStringConvertible {
    /// The first address of the range (host bits cleared).
    let network: IPAddress
    let prefixLength: Int

    init?(_ text: some StringProtocol) {
        let parts = text.split(separator: "/", maxSplits: 1, omittingEmptySubsequences: false)
        guard let address = IPAddress(parts[0]) else { return nil }
        var prefix: Int?
        if parts.count == 2 {
            // Digits only: Int("+8") would parse.
            guard !parts[1].isEmpty, parts[1].count <= 3, parts[1].allSatisfy(\.isASCIIDigit) else { return nil }
            prefix = Int(parts[1])
        }
        switch address {
        case .v4(let value):
            var length = prefix ?? 32
            // An IPv4-mapped IPv6 range (::ffff:10.0.0.0/104) is the IPv4 range it maps.
            if parts[0].contains(":"), let written = prefix {
                guard written >= 96 else { return nil }
                length = written - 96
            }
            guard length <= 32 else { return nil }
            self.network = .v4(value & Self.mask32(length))
            self.prefixLength = length
        case .v6(let high, let low):
            let length = prefix ?? 128
            guard length <= 128 else { return nil }
            let (maskHigh, maskLow) = Self.mask128(length)
            self.network = .v6(high: high & maskHigh, low: low & maskLow)
            self.prefixLength = length
        }
    }

    func contains(_ address: IPAddress) -> Bool {
        switch (network, address) {
        case (.v4(let network), .v4(let value)):
            return value & Self.mask32(prefixLength) == network
        case (.v6(let networkHigh, let networkLow), .v6(let high, let low)):
            let (maskHigh, maskLow) = Self.mask128(prefixLength)
            return high & maskHigh == networkHigh && low & maskLow == networkLow
        default:
            return false
        }
    }

    var description: String { "\(network)/\(prefixLength)" }

    private static func mask32(_ length: Int) -> UInt32 {
        length == 0 ? 0 : UInt32.max << (32 - length)
    }

    private static func mask64(_ length: Int) -> UInt64 {
        length == 0 ? 0 : UInt64.max << (64 - length)
    }

    private static func mask128(_ length: Int) -> (high: UInt64, low: UInt64) {
        (mask64(min(length, 64)), mask64(max(length - 64, 0)))
    }
}

extension Character {
    var isASCIIDigit: Bool { ("0"..."9").contains(self) }
}
