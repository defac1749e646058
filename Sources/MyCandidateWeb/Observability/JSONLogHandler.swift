#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Logging

/// A swift-log handler that writes each entry as one JSON object on one line, for CloudWatch
/// Logs: the awslogs driver makes every stdout line an event, and Logs Insights finds the fields
/// of a JSON event by name.
///
/// ```json
/// {"timestamp":"2026-05-01T09:30:12.345Z","level":"info","logger":"mycandidate","message":"request","request_id":"…","trace_id":"…","duration_ms":1.2,…}
/// ```
///
/// Metadata from the metadata provider, the logger and the call are merged in that order (a
/// later one wins) and written as top-level fields in key order; nested metadata becomes nested
/// JSON. `Int`, `Double` and `Bool` values given as `.stringConvertible` are written as JSON
/// numbers and booleans. Hummingbird's per-request `hb.request.id` is written as `request_id`. A
/// metadata key that would overwrite one of the four fixed fields is written with a `meta_` prefix.
///
/// Written by hand rather than with `JSONEncoder`: an entry is a flat handful of strings, and this
/// runs for every request's access-log line, where an encoder's reflection and allocations would
/// be most of the cost.
public struct JSONLogHandler: LogHandler {
    public var metadata: Logger.Metadata = [:]
    public var metadataProvider: Logger.MetadataProvider?
    public var logLevel: Logger.Level = .info
    private let label: String
    private let output: LogOutput

    /// A handler for the logger called `label`, writing to `output`.
    public init(label: String, output: LogOutput = .standardOutput, metadataProvider: Logger.MetadataProvider? = nil) {
        self.label = label
        self.output = output
        self.metadataProvider = metadataProvider
    }

    public subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    public func log(event: LogEvent) {
        output.write(Self.line(
            timestamp: Self.now(), level: event.level, label: label, message: event.message.description,
            error: event.error, metadata: mergedMetadata(event.metadata)
        ))
    }

    private func mergedMetadata(_ call: Logger.Metadata?) -> Logger.Metadata {
        // Most entries carry the logger's metadata alone: no merge, no copy.
        let provided = metadataProvider?.get() ?? [:]
        if provided.isEmpty, call?.isEmpty ?? true { return metadata }
        var merged = provided
        merged.merge(metadata) { _, logger in logger }
        if let call { merged.merge(call) { _, call in call } }
        return merged
    }

    static let fixedKeys: Set<String> = ["timestamp", "level", "logger", "message"]

    /// One entry as a JSON line, newline included.
    static func line(
        timestamp: String, level: Logger.Level, label: String, message: String, error: (any Error)? = nil,
        metadata: Logger.Metadata
    ) -> String {
        var line = String()
        line.reserveCapacity(160 + message.utf8.count + metadata.count * 32)
        line += #"{"timestamp":""#
        line += timestamp
        line += #"","level":""#
        line += level.rawValue
        line += #"","logger":"#
        JSONText.appendString(label, to: &line)
        line += #","message":"#
        JSONText.appendString(message, to: &line)
        if let error {
            line += #","error":"#
            JSONText.appendString(String(describing: error), to: &line)
        }
        var fields: [(key: String, value: Logger.Metadata.Value)] = []
        fields.reserveCapacity(metadata.count)
        for (key, value) in metadata {
            switch key {
            case "hb.request.id":
                // An explicit request_id (none is set today) would be the one to keep.
                if metadata["request_id"] == nil { fields.append(("request_id", value)) }
            case _ where fixedKeys.contains(key):
                fields.append(("meta_" + key, value))
            default:
                fields.append((key, value))
            }
        }
        fields.sort { $0.key < $1.key }
        for field in fields {
            line += ","
            JSONText.appendString(field.key, to: &line)
            line += ":"
            appendValue(field.value, to: &line)
        }
        line += "}\n"
        return line
    }

    private static func appendValue(_ value: Logger.Metadata.Value, to line: inout String) {
        switch value {
        case .string(let text):
            JSONText.appendString(text, to: &line)
        case .stringConvertible(let convertible):
            // Numbers and booleans given as such stay numbers and booleans, so Logs Insights can
            // compute with them (`stats avg(duration_ms)`); `.string` is always a string.
            switch convertible {
            case let number as Int: line += String(number)
            case let number as Int64: line += String(number)
            case let number as Double: JSONText.appendNumber(number, to: &line)
            case let flag as Bool: line += flag ? "true" : "false"
            default: JSONText.appendString(convertible.description, to: &line)
            }
        case .dictionary(let dictionary):
            line += "{"
            for (index, key) in dictionary.keys.sorted().enumerated() {
                if index > 0 { line += "," }
                JSONText.appendString(key, to: &line)
                line += ":"
                appendValue(dictionary[key]!, to: &line)
            }
            line += "}"
        case .array(let values):
            line += "["
            for (index, element) in values.enumerated() {
                if index > 0 { line += "," }
                appendValue(element, to: &line)
            }
            line += "]"
        }
    }

    /// The current time as ISO 8601 in UTC with milliseconds (`2026-05-01T09:30:12.345Z`),
    /// formatted by hand: a date formatter per entry costs more than the rest of the line.
    static func now() -> String {
        var time = timespec()
        clock_gettime(CLOCK_REALTIME, &time)
        return timestamp(seconds: Int(time.tv_sec), milliseconds: Int(time.tv_nsec) / 1_000_000)
    }

    /// `seconds` since 1970 and a millisecond part as ISO 8601 in UTC.
    static func timestamp(seconds: Int, milliseconds: Int) -> String {
        var seconds = time_t(seconds)
        var parts = tm()
        gmtime_r(&seconds, &parts)
        var text = String()
        text.reserveCapacity(24)
        func pad(_ value: Int32, _ width: Int) {
            let digits = String(value)
            if digits.count < width { text += String(repeating: "0", count: width - digits.count) }
            text += digits
        }
        pad(parts.tm_year + 1900, 4)
        text += "-"
        pad(parts.tm_mon + 1, 2)
        text += "-"
        pad(parts.tm_mday, 2)
        text += "T"
        pad(parts.tm_hour, 2)
        text += ":"
        pad(parts.tm_min, 2)
        text += ":"
        pad(parts.tm_sec, 2)
        text += "."
        pad(Int32(milliseconds), 3)
        text += "Z"
        return text
    }
}

/// The bits of JSON text the log handler and the EMF writer produce.
enum JSONText {
    /// Appends `text` as a JSON string: quotes, backslashes and control characters escaped, so a
    /// value can never end the string, the object or the line early.
    static func appendString(_ text: String, to output: inout String) {
        output += "\""
        // Most values need no escaping: append them whole.
        if !text.utf8.contains(where: { $0 < 0x20 || $0 == UInt8(ascii: "\"") || $0 == UInt8(ascii: "\\") }) {
            output += text
            output += "\""
            return
        }
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": output += "\\\""
            case "\\": output += "\\\\"
            case "\n": output += "\\n"
            case "\r": output += "\\r"
            case "\t": output += "\\t"
            case _ where scalar.value < 0x20:
                let hex = String(scalar.value, radix: 16)
                output += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            default:
                output.unicodeScalars.append(scalar)
            }
        }
        output += "\""
    }

    /// Appends a number; JSON has no infinity or NaN, so those become `null`.
    static func appendNumber(_ value: Double, to output: inout String) {
        guard value.isFinite else {
            output += "null"
            return
        }
        if value == value.rounded(), abs(value) < 1e15 {
            output += String(Int64(value))
        } else {
            output += String(value)
        }
    }
}
