#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Logging
import Synchronization

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
    /// The logger's own metadata, on every line it writes.
    public var metadata: Logger.Metadata = [:]
    /// Metadata looked up at each entry (the current span's ids), below the logger's own.
    public var metadataProvider: Logger.MetadataProvider?
    /// The lowest level written.
    public var logLevel: Logger.Level = .info
    private let label: String
    private let output: LogOutput

    /// A handler for the logger called `label`, writing to `output`.
    public init(label: String, output: LogOutput = .standardOutput, metadataProvider: Logger.MetadataProvider? = nil) {
        self.label = label
        self.output = output
        self.metadataProvider = metadataProvider
    }

    /// One item of the logger's own metadata.
    public subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    /// Writes `event` as one JSON line.
    public func log(event: LogEvent) {
        output.write(Self.line(
            timestamp: Self.now(), level: event.level, label: label, message: event.message.description,
            error: event.error, layers: (metadataProvider?.get() ?? [:], metadata, event.metadata ?? [:])
        ))
    }

    static let fixedKeys: Set<String> = ["timestamp", "level", "logger", "message"]

    /// One entry as a JSON line, newline included, its metadata given as the provider's, the
    /// logger's and the call's: a key in a later one hides the same key in an earlier one. Read
    /// in place rather than merged into one dictionary, which would cost a copy and a rehash per
    /// line.
    static func line(
        timestamp: String, level: Logger.Level, label: String, message: String, error: (any Error)?,
        layers: (provided: Logger.Metadata, logger: Logger.Metadata, call: Logger.Metadata)
    ) -> String {
        let count = layers.provided.count + layers.logger.count + layers.call.count
        var line = String()
        line.reserveCapacity(160 + message.utf8.count + count * 32)
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
        fields.reserveCapacity(count)
        func add(_ key: String, _ value: Logger.Metadata.Value) {
            switch key {
            case "hb.request.id":
                // An explicit request_id (none is set today) would be the one to keep.
                if layers.call["request_id"] == nil, layers.logger["request_id"] == nil, layers.provided["request_id"] == nil {
                    fields.append(("request_id", value))
                }
            case _ where fixedKeys.contains(key):
                fields.append(("meta_" + key, value))
            default:
                fields.append((key, value))
            }
        }
        for (key, value) in layers.call { add(key, value) }
        for (key, value) in layers.logger where layers.call[key] == nil { add(key, value) }
        for (key, value) in layers.provided where layers.call[key] == nil && layers.logger[key] == nil { add(key, value) }
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
        let second = Int(time.tv_sec)
        // Lines come thousands a second: the date and time up to the second are made once a second.
        let prefix = currentSecond.withLock { cached in
            if cached.second != second { cached = (second, secondPrefix(second)) }
            return cached.prefix
        }
        return prefix + milliseconds(Int(time.tv_nsec) / 1_000_000)
    }

    private static let currentSecond = Mutex<(second: Int, prefix: String)>((-1, ""))

    /// `seconds` since 1970 and a millisecond part as ISO 8601 in UTC.
    static func timestamp(seconds: Int, milliseconds part: Int) -> String {
        secondPrefix(seconds) + milliseconds(part)
    }

    /// `.123Z`
    private static func milliseconds(_ value: Int) -> String {
        let digits = String(value)
        return "." + String(repeating: "0", count: max(0, 3 - digits.count)) + digits + "Z"
    }

    /// `2026-05-01T09:40:12`
    private static func secondPrefix(_ seconds: Int) -> String {
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
