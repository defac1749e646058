/// The JSON text a candidate's extra attributes are stored as: a flat object of strings.
///
/// Hand-written because it runs once per candidate on every store and load, where
/// `JSONEncoder`/`JSONDecoder` would dominate the time for a million candidates. Keys are sorted
/// so equal attributes always give equal text.
enum ExtraAttributesJSON {
    /// `nil` for no attributes, so the common case stores SQL NULL.
    static func encode(_ extra: [String: String]) -> String? {
        guard !extra.isEmpty else { return nil }
        var json = "{"
        for (index, key) in extra.keys.sorted().enumerated() {
            if index > 0 { json.append(",") }
            appendString(key, to: &json)
            json.append(":")
            appendString(extra[key]!, to: &json)
        }
        json.append("}")
        return json
    }

    private static func appendString(_ text: String, to json: inout String) {
        json.append("\"")
        if !text.utf8.contains(where: { $0 < 0x20 || $0 == UInt8(ascii: "\"") || $0 == UInt8(ascii: "\\") }) {
            json.append(text)
            json.append("\"")
            return
        }
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": json.append("\\\"")
            case "\\": json.append("\\\\")
            case "\n": json.append("\\n")
            case "\r": json.append("\\r")
            case "\t": json.append("\\t")
            case "\u{00}"..."\u{1F}":
                let hex = String(scalar.value, radix: 16)
                json.append("\\u" + String(repeating: "0", count: 4 - hex.count) + hex)
            default: json.unicodeScalars.append(scalar)
            }
        }
        json.append("\"")
    }

    struct MalformedJSON: Error, CustomStringConvertible {
        var description: String { "candidate extra attributes are not a JSON object of strings" }
    }

    /// Parses what ``encode(_:)`` writes, and any other JSON object whose values are all strings.
    static func decode(_ json: String?) throws -> [String: String] {
        guard let json, !json.isEmpty else { return [:] }
        var parser = Parser(bytes: Array(json.utf8))
        return try parser.object()
    }

    /// Works on UTF-8 bytes: every JSON delimiter is ASCII, and strings without escapes are copied
    /// in one piece.
    private struct Parser {
        let bytes: [UInt8]
        var index = 0

        mutating func object() throws -> [String: String] {
            var result: [String: String] = [:]
            skipWhitespace()
            try expect(UInt8(ascii: "{"))
            skipWhitespace()
            if peek() == UInt8(ascii: "}") {
                index += 1
            } else {
                while true {
                    skipWhitespace()
                    let key = try string()
                    skipWhitespace()
                    try expect(UInt8(ascii: ":"))
                    skipWhitespace()
                    result[key] = try string()
                    skipWhitespace()
                    let next = try take()
                    if next == UInt8(ascii: "}") { break }
                    guard next == UInt8(ascii: ",") else { throw MalformedJSON() }
                }
            }
            skipWhitespace()
            guard index == bytes.count else { throw MalformedJSON() }
            return result
        }

        mutating func string() throws -> String {
            try expect(UInt8(ascii: "\""))
            let start = index
            while index < bytes.count, bytes[index] != UInt8(ascii: "\""), bytes[index] != UInt8(ascii: "\\") {
                index += 1
            }
            if index < bytes.count, bytes[index] == UInt8(ascii: "\"") {
                index += 1
                return String(decoding: bytes[start..<(index - 1)], as: UTF8.self)
            }
            var text = Array(bytes[start..<index])
            while true {
                let byte = try take()
                switch byte {
                case UInt8(ascii: "\""):
                    return String(decoding: text, as: UTF8.self)
                case UInt8(ascii: "\\"):
                    let escaped = try take()
                    switch escaped {
                    case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): text.append(escaped)
                    case UInt8(ascii: "b"): text.append(0x08)
                    case UInt8(ascii: "f"): text.append(0x0C)
                    case UInt8(ascii: "n"): text.append(0x0A)
                    case UInt8(ascii: "r"): text.append(0x0D)
                    case UInt8(ascii: "t"): text.append(0x09)
                    case UInt8(ascii: "u"):
                        var value = try hex4()
                        // A character outside the BMP arrives as a UTF-16 surrogate pair.
                        if (0xD800...0xDBFF).contains(value) {
                            try expect(UInt8(ascii: "\\"))
                            try expect(UInt8(ascii: "u"))
                            let low = try hex4()
                            guard (0xDC00...0xDFFF).contains(low) else { throw MalformedJSON() }
                            value = 0x10000 + ((value - 0xD800) << 10) + (low - 0xDC00)
                        }
                        guard let scalar = Unicode.Scalar(value) else { throw MalformedJSON() }
                        text.append(contentsOf: String(Character(scalar)).utf8)
                    default:
                        throw MalformedJSON()
                    }
                default:
                    text.append(byte)
                }
            }
        }

        mutating func hex4() throws -> UInt32 {
            var value: UInt32 = 0
            for _ in 0..<4 {
                let byte = try take()
                let digit: UInt8
                switch byte {
                case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = byte - UInt8(ascii: "0")
                case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = byte - UInt8(ascii: "a") + 10
                case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = byte - UInt8(ascii: "A") + 10
                default: throw MalformedJSON()
                }
                value = value << 4 | UInt32(digit)
            }
            return value
        }

        func peek() -> UInt8? { index < bytes.count ? bytes[index] : nil }

        mutating func take() throws -> UInt8 {
            guard index < bytes.count else { throw MalformedJSON() }
            index += 1
            return bytes[index - 1]
        }

        mutating func expect(_ byte: UInt8) throws {
            guard try take() == byte else { throw MalformedJSON() }
        }

        mutating func skipWhitespace() {
            while let byte = peek(), byte == 0x20 || byte == 0x0A || byte == 0x0D || byte == 0x09 { index += 1 }
        }
    }
}
