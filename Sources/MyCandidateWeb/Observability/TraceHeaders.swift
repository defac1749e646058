import HTTPTypes
import Tracing

/// An AWS `X-Amzn-Trace-Id` header, as the ALB adds it to every request
/// (`Root=1-5759e988-bd862e3fe1be46a994272793`) and as X-Ray-instrumented callers send it
/// (`Root=…;Parent=53995c3f42cd8ad8;Sampled=1`).
struct AmazonTraceHeader: Equatable {
    /// `1-` + 8 hex digits of epoch seconds + `-` + 24 hex digits.
    var root: String
    /// The caller's segment id, 16 hex digits; the ALB sends none.
    var parent: String?
    /// The caller's sampling decision; `nil` when it made none (absent, or `?`).
    var sampled: Bool?

    init?(_ header: String) {
        var root: String?
        for field in header.split(separator: ";") {
            let pair = field.split(separator: "=", maxSplits: 1)
            guard pair.count == 2 else { continue }
            let key = pair[0].trimmingASCIISpaces(), value = pair[1].trimmingASCIISpaces()
            switch key {
            case "Root": root = String(value)
            case "Parent" where value.count == 16 && value.allSatisfy(\.isHexDigit) && value.contains(where: { $0 != "0" }):
                parent = value.lowercased()
            case "Sampled" where value == "1": sampled = true
            case "Sampled" where value == "0": sampled = false
            default: continue
            }
        }
        // Root=1-{8 hex}-{24 hex}: version 1 is the only one there is.
        guard let root, root.utf8.count == 35, root.hasPrefix("1-") else { return nil }
        let parts = root.split(separator: "-")
        guard parts.count == 3, parts[1].count == 8, parts[2].count == 24,
              (parts[1] + parts[2]).allSatisfy(\.isHexDigit), (parts[1] + parts[2]).contains(where: { $0 != "0" })
        else { return nil }
        self.root = root
    }

    /// The same trace in W3C form: X-Ray's time and random parts make the 32-digit trace id.
    var traceID: String {
        let parts = root.split(separator: "-")
        return (parts[1] + parts[2]).lowercased()
    }

    /// A W3C `traceparent` continuing this trace.
    ///
    /// W3C has no trace without a parent span, so when the header names none (the ALB's) a random
    /// parent id stands in: the trace id still joins the ALB's access log, the log lines and the
    /// spans. Without a sampling decision the trace counts as sampled, leaving the choice to the
    /// tracer's sampler and the collector.
    var traceparent: String {
        let parent = parent ?? Self.randomSpanID()
        return "00-\(traceID)-\(parent)-\(sampled == false ? "00" : "01")"
    }

    private static func randomSpanID() -> String {
        var generator = SystemRandomNumberGenerator()
        let value = generator.next(upperBound: UInt64.max) + 1
        let hex = String(value, radix: 16)
        return String(repeating: "0", count: 16 - hex.count) + hex
    }
}

/// Reads trace context from request headers for a W3C tracer: `traceparent` and `tracestate` as
/// sent, and when there is no `traceparent`, one made from `X-Amzn-Trace-Id`, so a request the
/// ALB (or an X-Ray-instrumented caller) traced continues that trace.
struct TraceHeaderExtractor: Extractor {
    func extract(key: String, from headers: HTTPFields) -> String? {
        guard let name = HTTPField.Name(key) else { return nil }
        if let value = headers[name] { return value }
        guard name == .w3cTraceParent, let header = headers[.xAmznTraceID], let amazon = AmazonTraceHeader(header) else {
            return nil
        }
        return amazon.traceparent
    }
}

/// Which id a request is logged under.
enum RequestIDHeader {
    /// The caller's `X-Request-Id` when it is a plausible id, else the ALB's trace root (so a line
    /// can be found from the ALB's access log), else `nil`: Hummingbird's own random id stays.
    static func requestID(from headers: HTTPFields) -> String? {
        if let given = headers[.xRequestID], isPlausible(given) { return given }
        if let header = headers[.xAmznTraceID], let amazon = AmazonTraceHeader(header) { return amazon.root }
        return nil
    }

    /// Up to 128 letters, digits and `-_.:`; anything else (a header stuffed with a script, a
    /// megabyte of text) is ignored rather than written to every log line.
    static func isPlausible(_ id: String) -> Bool {
        !id.isEmpty && id.utf8.count <= 128 && id.utf8.allSatisfy {
            switch $0 {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "0")...UInt8(ascii: "9"),
                 UInt8(ascii: "-"), UInt8(ascii: "_"), UInt8(ascii: "."), UInt8(ascii: ":"):
                true
            default:
                false
            }
        }
    }
}

extension HTTPField.Name {
    static let w3cTraceParent = Self("traceparent")!
    static let xAmznTraceID = Self("X-Amzn-Trace-Id")!
    static let xRequestID = Self("X-Request-Id")!
}
