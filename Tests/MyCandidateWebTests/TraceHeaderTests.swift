import HTTPTypes
@testable import MyCandidateWeb
import Testing

@Suite struct TraceHeaderTests {
    @Test func anXRayHeaderBecomesATraceparent() throws {
        let header = try #require(AmazonTraceHeader("Root=1-5759e988-bd862e3fe1be46a994272793;Parent=53995c3f42cd8ad8;Sampled=1"))
        #expect(header.root == "1-5759e988-bd862e3fe1be46a994272793")
        #expect(header.traceID == "5759e988bd862e3fe1be46a994272793")
        #expect(header.traceparent == "00-5759e988bd862e3fe1be46a994272793-53995c3f42cd8ad8-01")

        let unsampled = try #require(AmazonTraceHeader("Root=1-5759e988-bd862e3fe1be46a994272793; Parent=53995C3F42CD8AD8; Sampled=0"))
        #expect(unsampled.traceparent == "00-5759e988bd862e3fe1be46a994272793-53995c3f42cd8ad8-00")
    }

    /// The ALB's own header has a root alone: the trace id is kept, with a stand-in parent.
    @Test func theALBsRootOnlyHeaderKeepsItsTraceID() throws {
        let header = try #require(AmazonTraceHeader("Self=1-67891234-12456789abcdef012345678;Root=1-67891233-abcdef012345678912345678"))
        #expect(header.parent == nil)
        let parts = header.traceparent.split(separator: "-")
        #expect(parts.count == 4)
        #expect(parts[0] == "00")
        #expect(parts[1] == "67891233abcdef012345678912345678")
        #expect(parts[2].count == 16 && parts[2].allSatisfy(\.isHexDigit) && parts[2] != "0000000000000000")
        #expect(parts[3] == "01")
    }

    @Test func malformedHeadersAreIgnored() {
        for bad in [
            "", "Root=", "Root=2-5759e988-bd862e3fe1be46a994272793", "Root=1-5759e988-bd862e3fe1be46a99427279",
            "Root=1-5759e98g-bd862e3fe1be46a994272793", "Root=1-00000000-000000000000000000000000", "Parent=53995c3f42cd8ad8",
        ] {
            #expect(AmazonTraceHeader(bad) == nil, "\(bad)")
        }
        // A bad parent is dropped, the root kept.
        #expect(AmazonTraceHeader("Root=1-5759e988-bd862e3fe1be46a994272793;Parent=xyz")?.parent == nil)
    }

    @Test func theExtractorPrefersTraceparentAndFallsBackToXRay() {
        let extractor = TraceHeaderExtractor()
        let w3c = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01"
        let amazon = "Root=1-5759e988-bd862e3fe1be46a994272793;Parent=53995c3f42cd8ad8;Sampled=1"
        #expect(extractor.extract(key: "traceparent", from: [.w3cTraceParent: w3c, .xAmznTraceID: amazon]) == w3c)
        #expect(extractor.extract(key: "traceparent", from: [.xAmznTraceID: amazon]) == "00-5759e988bd862e3fe1be46a994272793-53995c3f42cd8ad8-01")
        #expect(extractor.extract(key: "traceparent", from: [:]) == nil)
        #expect(extractor.extract(key: "tracestate", from: [HTTPField.Name("tracestate")!: "vendor=x", .xAmznTraceID: amazon]) == "vendor=x")
    }

    @Test func theRequestIDIsTheCallersOrTheALBsOrNone() {
        #expect(RequestIDHeader.requestID(from: [.xRequestID: "abc-123_x.y:z"]) == "abc-123_x.y:z")
        #expect(RequestIDHeader.requestID(from: [.xRequestID: "abc-123", .xAmznTraceID: "Root=1-5759e988-bd862e3fe1be46a994272793"]) == "abc-123")
        // Not plausible: ignored, the ALB's root used instead.
        #expect(RequestIDHeader.requestID(from: [.xRequestID: "<script>", .xAmznTraceID: "Root=1-5759e988-bd862e3fe1be46a994272793"])
            == "1-5759e988-bd862e3fe1be46a994272793")
        #expect(RequestIDHeader.requestID(from: [.xRequestID: String(repeating: "a", count: 129)]) == nil)
        #expect(RequestIDHeader.requestID(from: [:]) == nil)
    }
}
