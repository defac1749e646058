import HTTPTypes
import NIOCore
import Testing
@testable import MyCandidateWeb

@Suite struct ClientAddressTests {
    /// The load balancers' subnet and an IPv6 one.
    let proxies = try! TrustedProxies(parsing: "10.0.0.0/16, fd00:aa::/32")

    func client(peer: String, _ forwardedFor: String...) -> String {
        ClientAddress.resolve(peer: IPAddress(peer)!, forwardedFor: forwardedFor, trusting: proxies).description
    }

    @Test(arguments: [
        ("192.0.2.1", "192.0.2.1"),
        ("0.0.0.0", "0.0.0.0"),
        ("255.255.255.255", "255.255.255.255"),
        ("2001:DB8:0:0::1", "2001:db8::1"),
        ("2001:db8:0:0:0:0:0:1", "2001:db8::1"),
        ("::1", "::1"),
        ("::", "::"),
        ("::ffff:192.0.2.1", "192.0.2.1"),
        ("64:ff9b::192.0.2.1", "64:ff9b::c000:201"),
    ])
    func addressesParseToOneCanonicalForm(text: String, canonical: String) {
        #expect(IPAddress(text)?.description == canonical)
    }

    @Test(arguments: [
        "", " ", "unknown", "192.0.2", "192.0.2.1.5", "192.0.2.256", "192.0.2.1:8080", "01.2.3.4x",
        "[2001:db8::1]", "2001:db8::1::2", "2001:db8::g", "fe80::1%eth0", "1.2.3.4\0", "::1/128",
        String(repeating: "1", count: 100),
    ])
    func garbageIsNotAnAddress(text: String) {
        #expect(IPAddress(text) == nil)
    }

    @Test func rangesMatchTheirPrefix() throws {
        let v4 = try #require(IPRange("10.1.0.0/16"))
        #expect(v4.contains(IPAddress("10.1.255.7")!))
        #expect(!v4.contains(IPAddress("10.2.0.1")!))
        #expect(!v4.contains(IPAddress("::ffff:10.2.0.1")!))
        #expect(v4.contains(IPAddress("::ffff:10.1.0.1")!), "an IPv4-mapped peer is its IPv4 address")
        #expect(!v4.contains(IPAddress("2001:db8::1")!))
        #expect(IPRange("10.1.2.3/16") == v4, "host bits are ignored")
        #expect(IPRange("10.1.2.3")?.description == "10.1.2.3/32")
        #expect(try #require(IPRange("0.0.0.0/0")).contains(IPAddress("203.0.113.9")!))

        let v6 = try #require(IPRange("2001:db8:ab00::/40"))
        #expect(v6.contains(IPAddress("2001:db8:abff:ffff::1")!))
        #expect(!v6.contains(IPAddress("2001:db8:ac00::1")!))
        #expect(!v6.contains(IPAddress("10.0.0.1")!))
        let deep = try #require(IPRange("2001:db8::1:0/112"))
        #expect(deep.contains(IPAddress("2001:db8::1:ffff")!))
        #expect(!deep.contains(IPAddress("2001:db8::2:0")!))
        #expect(IPRange("::1")?.description == "::1/128")
        #expect(IPRange("::ffff:10.0.0.0/104")?.description == "10.0.0.0/8")
    }

    @Test(arguments: ["10.0.0.0/33", "2001:db8::/129", "10.0.0.0/", "10.0.0.0/-1", "10.0.0.0/+8", "10.0.0.0/8/8", "/8", "vpc", "10.0.0.0/1o"])
    func badRangesAreRejected(text: String) {
        #expect(IPRange(text) == nil)
    }

    @Test func trustedProxiesListsEveryBadEntry() throws {
        #expect(throws: TrustedProxies.InvalidEntries(entries: ["10.0.0.0/33", "nope"])) {
            _ = try TrustedProxies(parsing: "10.0.0.0/16, 10.0.0.0/33,nope, ::1")
        }
        #expect(try TrustedProxies(parsing: " 10.0.0.0/16 ,, ::1, ").description == "10.0.0.0/16, ::1/128")
        #expect(try TrustedProxies(parsing: "").isEmpty)
    }

    @Test func anUntrustedPeerIsTheClientWhateverItsHeaderSays() {
        #expect(client(peer: "198.51.100.7") == "198.51.100.7")
        #expect(client(peer: "198.51.100.7", "203.0.113.1") == "198.51.100.7", "a spoofed header is ignored")
        #expect(client(peer: "198.51.100.7", "10.0.0.5") == "198.51.100.7")
        #expect(client(peer: "2001:db8::7", "203.0.113.1") == "2001:db8::7")
    }

    @Test func aTrustedPeerPassesOnTheAddressItSaw() {
        #expect(client(peer: "10.0.3.4", "203.0.113.1") == "203.0.113.1")
        #expect(client(peer: "10.0.3.4", " 203.0.113.1 ") == "203.0.113.1")
        #expect(client(peer: "fd00:aa::1", "2001:db8::42") == "2001:db8::42")
        #expect(client(peer: "::ffff:10.0.3.4", "203.0.113.1") == "203.0.113.1", "IPv4-mapped peer")
    }

    @Test func aTrustedPeerWithoutAHeaderIsItselfTheClient() {
        #expect(client(peer: "10.0.3.4") == "10.0.3.4")
    }

    @Test func theChainIsWalkedFromTheRightPastTrustedProxies() {
        // The client claims to be 1.1.1.1 (anyone can write that); the load balancer appended
        // the address it saw, 203.0.113.1, after an inner hop through a trusted proxy.
        #expect(client(peer: "10.0.3.4", "1.1.1.1, 203.0.113.1, 10.0.9.9") == "203.0.113.1")
        #expect(client(peer: "10.0.3.4", "1.1.1.1,203.0.113.1", "10.0.9.9") == "203.0.113.1", "several headers are one list")
        #expect(client(peer: "10.0.3.4", "2001:db8::5, fd00:aa::9") == "2001:db8::5")
    }

    @Test func whenEveryAddressIsTrustedTheLeftmostIsTheClient() {
        #expect(client(peer: "10.0.3.4", "10.0.0.1, 10.0.0.2") == "10.0.0.1")
    }

    @Test func aMalformedEntryStopsTheWalkAtTheLastGoodAddress() {
        #expect(client(peer: "10.0.3.4", "203.0.113.1, unknown, 10.0.0.2") == "10.0.0.2")
        #expect(client(peer: "10.0.3.4", "203.0.113.1, garbage") == "10.0.3.4")
        #expect(client(peer: "10.0.3.4", "203.0.113.1, , 10.0.0.2") == "10.0.0.2", "an empty entry is malformed")
        #expect(client(peer: "10.0.3.4", "203.0.113.1:4711") == "10.0.3.4")
        #expect(client(peer: "10.0.3.4", "") == "10.0.3.4")
    }

    @Test func theKeyComesFromTheSocketAndHeaders() throws {
        var headers = HTTPFields()
        headers[.xForwardedFor] = "203.0.113.1"
        let trusted = try SocketAddress(ipAddress: "10.0.3.4", port: 443)
        let stranger = try SocketAddress(ipAddress: "198.51.100.7", port: 443)
        let ipv6 = try SocketAddress(ipAddress: "2001:db8:0::7", port: 443)
        #expect(ClientAddress.key(peer: trusted, headers: headers, trusting: proxies) == "203.0.113.1")
        #expect(ClientAddress.key(peer: stranger, headers: headers, trusting: proxies) == "198.51.100.7")
        #expect(ClientAddress.key(peer: ipv6, headers: [:], trusting: proxies) == "2001:db8::7")
        #expect(ClientAddress.key(peer: nil, headers: headers, trusting: proxies) == ClientAddress.unknownPeerKey)
        let socket = try SocketAddress(unixDomainSocketPath: "/tmp/mycandidate.sock")
        #expect(ClientAddress.key(peer: socket, headers: headers, trusting: proxies) == ClientAddress.unknownPeerKey)
    }

    /// Behind CloudFront the forwarded list ends with an edge address shared by thousands of
    /// voters; CloudFront-Viewer-Address names the voter, and only a trusted peer's is believed.
    @Test func aTrustedPeersViewerAddressHeaderNamesTheClient() throws {
        var proxies = self.proxies
        proxies.clientAddressHeader = HTTPField.Name("CloudFront-Viewer-Address")
        let alb = try SocketAddress(ipAddress: "10.0.3.9", port: 41000)
        func key(_ fields: [(String, String)], peer: SocketAddress) -> String {
            var headers = HTTPFields()
            for (name, value) in fields { headers.append(HTTPField(name: HTTPField.Name(name)!, value: value)) }
            return ClientAddress.key(peer: peer, headers: headers, trusting: proxies)
        }
        let edge = ("X-Forwarded-For", "198.51.100.10, 130.176.1.1")
        #expect(key([edge, ("CloudFront-Viewer-Address", "203.0.113.5:46532")], peer: alb) == "203.0.113.5")
        #expect(key([edge, ("CloudFront-Viewer-Address", "2001:db8::7:443")], peer: alb) == "2001:db8::7")
        #expect(key([edge, ("CloudFront-Viewer-Address", "[2001:db8::7]:443")], peer: alb) == "2001:db8::7")
        // Without the header, or with one that does not parse, the forwarded list decides.
        #expect(key([edge], peer: alb) == "130.176.1.1")
        for garbage in ["203.0.113.5", "203.0.113.5:", "203.0.113.5:port", "host:80", "203.0.113.5:123456"] {
            #expect(key([edge, ("CloudFront-Viewer-Address", garbage)], peer: alb) == "130.176.1.1", "\(garbage)")
        }
        // From a peer that is not a proxy the header is anyone's to write.
        let stranger = try SocketAddress(ipAddress: "192.0.2.44", port: 5000)
        #expect(key([("CloudFront-Viewer-Address", "203.0.113.5:1")], peer: stranger) == "192.0.2.44")
    }
}
