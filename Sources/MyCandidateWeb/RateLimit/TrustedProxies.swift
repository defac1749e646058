import HTTPTypes

/// The address ranges of proxies whose `X-Forwarded-For` is believed (`TRUSTED_PROXIES`): in
/// AWS the VPC's CIDR, so the load balancer's view of the client counts. Any other peer could
/// write whatever it likes in that header.
public struct TrustedProxies: Sendable, Equatable, CustomStringConvertible {
    let ranges: [IPRange]
    /// A header naming the client as `address:port`, believed before `X-Forwarded-For` from a
    /// trusted peer (`CLIENT_ADDRESS_HEADER`). Behind CloudFront and an ALB the forwarded list
    /// ends with a CloudFront edge address, which thousands of voters share; CloudFront's
    /// `CloudFront-Viewer-Address` names the voter.
    public var clientAddressHeader: HTTPField.Name?

    /// No proxy is trusted: every client is identified by the connection's own peer address.
    public static let none = TrustedProxies(ranges: [])

    init(ranges: [IPRange]) {
        self.ranges = ranges
    }

    /// Parses a comma-separated list of CIDR ranges and single addresses
    /// (`10.0.0.0/16, 2001:db8::/32, 192.0.2.7`); empty items are skipped.
    /// - Throws: every entry that is neither, so an operator can fix them all at once.
    public init(parsing list: String) throws(InvalidEntries) {
        var ranges: [IPRange] = []
        var invalid: [String] = []
        for item in list.split(separator: ",") {
            let entry = item.trimmingASCIISpaces()
            guard !entry.isEmpty else { continue }
            if let range = IPRange(entry) { ranges.append(range) } else { invalid.append(String(entry)) }
        }
        guard invalid.isEmpty else { throw InvalidEntries(entries: invalid) }
        self.ranges = ranges
    }

    /// Entries of a `TRUSTED_PROXIES` list that are not addresses or CIDR ranges.
    public struct InvalidEntries: Error, Equatable {
        public var entries: [String]
    }

    public var isEmpty: Bool { ranges.isEmpty }

    func contains(_ address: IPAddress) -> Bool {
        ranges.contains { $0.contains(address) }
    }

    /// The normalised ranges, e.g. `10.0.0.0/16, 2001:db8::/32`.
    public var description: String { ranges.map(\.description).joined(separator: ", ") }
}

extension StringProtocol {
    /// Without leading and trailing spaces and tabs (the optional whitespace of HTTP lists).
    func trimmingASCIISpaces() -> SubSequence {
        let isSpace: (Character) -> Bool = { $0 == " " || $0 == "\t" }
        guard let first = firstIndex(where: { !isSpace($0) }), let last = lastIndex(where: { !isSpace($0) }) else {
            return self[endIndex...]
        }
        return self[first...last]
    }
}
