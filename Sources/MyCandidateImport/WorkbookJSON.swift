/// A JSON value that keeps object members in the order they were written.
///
/// The seed workbook's `data_schemas` cell lists ballots in display order, and Foundation's
/// `JSONSerialization` hands objects back as unordered dictionaries, so the cell is read with
/// ``WorkbookJSON`` instead.
enum JSONValue: Equatable {
    case object([(key: String, value: JSONValue)])
    case array([JSONValue])
    case string(String)
    case number(String)
    case bool(Bool)
    case null

    static func == (lhs: JSONValue, rhs: JSONValue) -> Bool {
        switch (lhs, rhs) {
        case let (.object(a), .object(b)):
            a.count == b.count && zip(a, b).allSatisfy { $0.key == $1.key && $0.value == $1.value }
        case let (.array(a), .array(b)): a == b
        case let (.string(a), .string(b)): a == b
        case let (.number(a), .number(b)): a == b
        case let (.bool(a), .bool(b)): a == b
        case (.null, .null): true
        default: false
        }
    }

    /// What the value is, for error messages (`an array`, `a string`).
    var kindDescription: String {
        switch self {
        case .object: "an object"
        case .array: "an array"
        case .string: "a string"
        case .number: "a number"
        case .bool: "true or false"
        case .null: "null"
        }
    }
}

/// Where and why JSON text could not be read; line and column are 1-based.
struct JSONSyntaxError: Error, Equatable {
    var line: Int
    var column: Int
    var reason: String

    var description: String { "\(reason) at line \(line), column \(column)" }
}

/// A small JSON reader for hand-edited spreadsheet cells.
///
/// It is strict JSON except for the slips people make when typing JSON into a cell: a comma
/// before a closing `}` or `]` is accepted, and so are raw line breaks and tabs inside strings.
/// Curly quotes, which spreadsheets substitute while typing, get an error that names them.
enum WorkbookJSON {
    static func parse(_ text: String) throws(JSONSyntaxError) -> JSONValue {
        var reader = Reader(scalars: Array(text.unicodeScalars))
        reader.skipWhitespace()
        let value = try reader.readValue(depth: 0)
        reader.skipWhitespace()
        if !reader.atEnd { throw reader.error("unexpected text after the JSON value") }
        return value
    }

    private struct Reader {
        let scalars: [Unicode.Scalar]
        var index = 0

        // Far beyond what a schema cell needs; stops runaway recursion on malformed input.
        private static let maximumDepth = 64

        var atEnd: Bool { index >= scalars.count }
        var current: Unicode.Scalar? { atEnd ? nil : scalars[index] }

        func error(_ reason: String) -> JSONSyntaxError {
            var line = 1, column = 1
            for scalar in scalars[..<min(index, scalars.count)] {
                if scalar == "\n" { line += 1; column = 1 } else { column += 1 }
            }
            return JSONSyntaxError(line: line, column: column, reason: reason)
        }

        mutating func skipWhitespace() {
            while let scalar = current, scalar == " " || scalar == "\n" || scalar == "\r" || scalar == "\t" {
                index += 1
            }
        }

        mutating func readValue(depth: Int) throws(JSONSyntaxError) -> JSONValue {
            guard depth < Self.maximumDepth else { throw error("nested too deeply") }
            guard let scalar = current else { throw error("unexpected end of text, expected a value") }
            switch scalar {
            case "{": return try readObject(depth: depth)
            case "[": return try readArray(depth: depth)
            case "\"": return .string(try readString())
            case "t": try readLiteral("true"); return .bool(true)
            case "f": try readLiteral("false"); return .bool(false)
            case "n": try readLiteral("null"); return .null
            case "-", "0"..."9": return .number(try readNumber())
            case "\u{201C}", "\u{201D}", "\u{2018}", "\u{2019}":
                throw error("curly quote \(scalar) found; use straight quotes (\")")
            default: throw error("unexpected character \(Self.show(scalar)), expected a value")
            }
        }

        private mutating func readObject(depth: Int) throws(JSONSyntaxError) -> JSONValue {
            index += 1
            var members: [(key: String, value: JSONValue)] = []
            while true {
                skipWhitespace()
                if current == "}" { index += 1; return .object(members) }
                if !members.isEmpty {
                    guard current == "," else { throw expected("',' or '}'") }
                    index += 1
                    skipWhitespace()
                    // A trailing comma: the member list ends here.
                    if current == "}" { index += 1; return .object(members) }
                }
                guard current == "\"" else {
                    if let scalar = current, "\u{201C}\u{201D}".unicodeScalars.contains(scalar) {
                        throw error("curly quote \(scalar) found; use straight quotes (\")")
                    }
                    throw expected("a member name in double quotes")
                }
                let key = try readString()
                skipWhitespace()
                guard current == ":" else { throw expected("':' after member name \"\(key)\"") }
                index += 1
                skipWhitespace()
                members.append((key, try readValue(depth: depth + 1)))
            }
        }

        private mutating func readArray(depth: Int) throws(JSONSyntaxError) -> JSONValue {
            index += 1
            var elements: [JSONValue] = []
            while true {
                skipWhitespace()
                if current == "]" { index += 1; return .array(elements) }
                if !elements.isEmpty {
                    guard current == "," else { throw expected("',' or ']'") }
                    index += 1
                    skipWhitespace()
                    if current == "]" { index += 1; return .array(elements) }
                }
                elements.append(try readValue(depth: depth + 1))
            }
        }

        private mutating func readString() throws(JSONSyntaxError) -> String {
            let start = index
            index += 1
            var text = String.UnicodeScalarView()
            while let scalar = current {
                index += 1
                switch scalar {
                case "\"":
                    return String(text)
                case "\\":
                    guard let escaped = current else { break }
                    index += 1
                    switch escaped {
                    case "\"", "\\", "/": text.append(escaped)
                    case "b": text.append("\u{8}")
                    case "f": text.append("\u{C}")
                    case "n": text.append("\n")
                    case "r": text.append("\r")
                    case "t": text.append("\t")
                    case "u": text.append(try readUnicodeEscape())
                    default:
                        index -= 1
                        throw error("invalid escape \\\(Self.show(escaped)) in string")
                    }
                default:
                    text.append(scalar)
                }
            }
            // Where the string starts is where the missing quote is noticed by a reader.
            index = start
            throw error("unterminated string")
        }

        private mutating func readHex4() throws(JSONSyntaxError) -> UInt32 {
            guard index + 4 <= scalars.count else { throw error("incomplete \\u escape") }
            var value: UInt32 = 0
            for _ in 0..<4 {
                guard scalars[index].isASCII, let digit = UInt32(String(scalars[index]), radix: 16) else {
                    throw error("invalid \\u escape")
                }
                value = value * 16 + digit
                index += 1
            }
            return value
        }

        private mutating func readUnicodeEscape() throws(JSONSyntaxError) -> Unicode.Scalar {
            let high = try readHex4()
            if (0xD800..<0xDC00).contains(high), current == "\\", index + 1 < scalars.count, scalars[index + 1] == "u" {
                index += 2
                let low = try readHex4()
                if (0xDC00..<0xE000).contains(low),
                   let scalar = Unicode.Scalar(0x10000 + ((high - 0xD800) << 10) + (low - 0xDC00)) {
                    return scalar
                }
                throw error("invalid surrogate pair in \\u escape")
            }
            guard let scalar = Unicode.Scalar(high) else { throw error("invalid \\u escape") }
            return scalar
        }

        private mutating func readLiteral(_ word: String) throws(JSONSyntaxError) {
            for expected in word.unicodeScalars {
                guard current == expected else { throw error("unexpected character, expected \(word)") }
                index += 1
            }
        }

        private mutating func readNumber() throws(JSONSyntaxError) -> String {
            let start = index
            if current == "-" { index += 1 }
            func digits(_ reader: inout Reader) -> Int {
                let from = reader.index
                while let scalar = reader.current, ("0"..."9").contains(scalar) { reader.index += 1 }
                return reader.index - from
            }
            guard digits(&self) > 0 else { throw error("invalid number") }
            if current == "." {
                index += 1
                guard digits(&self) > 0 else { throw error("invalid number") }
            }
            if current == "e" || current == "E" {
                index += 1
                if current == "+" || current == "-" { index += 1 }
                guard digits(&self) > 0 else { throw error("invalid number") }
            }
            return String(String.UnicodeScalarView(scalars[start..<index]))
        }

        private func expected(_ what: String) -> JSONSyntaxError {
            guard let scalar = current else { return error("unexpected end of text, expected \(what)") }
            return error("unexpected character \(Self.show(scalar)), expected \(what)")
        }

        private static func show(_ scalar: Unicode.Scalar) -> String {
            scalar.properties.isWhitespace || scalar.value < 0x20 ? "U+" + String(scalar.value, radix: 16, uppercase: true) : "'\(scalar)'"
        }
    }
}
