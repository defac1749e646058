import HTTPTypes
import NIOCore

/// Who a request comes from, for rate limiting.
///
/// The connection's peer is the client unless it is a trusted proxy. Then `X-Forwarded-For`
/// (every such header, joined in order) is read from the right, the end the nearest proxy
/// appended to: trusted proxies are skipped, and the first address that is not one is the
/// client. If every address is trusted, the leftmost is the client. An entry that is not an
/// address (`unknown`, `1.2.3.4:80`, garbage) ends the walk: what lies left of it cannot be
/// trusted either, so the last good address is the client. A peer that is not trusted could
/// write anything in the header, so then the header is ignored.
///
/// With a client address header configured (``TrustedProxies/clientAddressHeader``), a trusted
/// peer's request carrying it is attributed to the address in it instead; a value that does not
/// parse falls back to the walk above.
enum ClientAddress {
    /// The key of requests whose peer address is not known (`app.test(.router)` has no socket;
    /// a Unix domain socket has no IP address). All of them count as one anonymous client, and
    /// `X-Forwarded-For` is ignored for them because nothing vouches for it.
    static let unknownPeerKey = "unknown-peer"

    static func resolve(
        peer: IPAddress, forwardedFor headerValues: [String], viewerAddress: String? = nil, trusting proxies: TrustedProxies
    ) -> IPAddress {
        guard proxies.contains(peer) else { return peer }
        if let viewerAddress, let address = Self.address(fromAddressAndPort: viewerAddress) { return address }
        var client = peer
        let entries = headerValues.joined(separator: ",").split(separator: ",", omittingEmptySubsequences: false)
        for entry in entries.reversed() {
            guard let address = IPAddress(entry.trimmingASCIISpaces()) else { break }
            client = address
            if !proxies.contains(address) { break }
        }
        return client
    }

    /// The rate-limit key of a request: the client's canonical address text, or
    /// ``unknownPeerKey``.
    static func key(peer: SocketAddress?, headers: HTTPFields, trusting proxies: TrustedProxies) -> String {
        guard let text = peer?.ipAddress, let address = IPAddress(text) else { return unknownPeerKey }
        let viewer = proxies.clientAddressHeader.flatMap { headers[$0] }
        return resolve(peer: address, forwardedFor: headers[values: .xForwardedFor], viewerAddress: viewer, trusting: proxies)
            .description
    }

    /// The address of `198.51.100.10:46532`, `2001:db8::1:46532` or `[2001:db8::1]:46532`, the
    /// forms CloudFront writes. The port is always there, so the last colon ends the address even
    /// when the address is IPv6.
    static func address(fromAddressAndPort value: String) -> IPAddress? {
        let trimmed = value.trimmingASCIISpaces()
        guard let colon = trimmed.lastIndex(of: ":") else { return nil }
        let port = trimmed[trimmed.index(after: colon)...]
        guard !port.isEmpty, port.count <= 5, port.allSatisfy(\.isASCIIDigit) else { return nil }
        var host = trimmed[..<colon]
        if host.hasPrefix("["), host.hasSuffix("]") { host = host.dropFirst().dropLast() }
        return IPAddress(host)
    }
}

extension HTTPField.Name {
    static let xForwardedFor = Self("X-Forwarded-For")!
}
