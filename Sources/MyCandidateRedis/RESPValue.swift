import NIOCore

/// One value of the Redis serialization protocol, version 2 (RESP2).
///
/// RESP2 is what every Redis server speaks unless a client asks for RESP3 with `HELLO 3`, and it is
/// all this client reads or writes.
public enum RESPValue: Sendable, Hashable {
    /// A status reply such as `OK` or `PONG`.
    case simpleString(String)
    /// An error reply such as `WRONGTYPE Operation against a key holding the wrong kind of value`.
    case error(String)
    /// An integer reply.
    case integer(Int64)
    /// A binary-safe string; `nil` is the null bulk string (`GET` of a missing key).
    case bulkString(ByteBuffer?)
    /// An array of values, possibly nested; `nil` is the null array.
    case array([RESPValue]?)
}

extension RESPValue {
    /// A bulk string holding `text` as UTF-8.
    public init(bulk text: String) {
        self = .bulkString(ByteBuffer(string: text))
    }

    /// The text of a simple string, bulk string or error; invalid UTF-8 is repaired with U+FFFD.
    /// `nil` for null values, integers and arrays.
    public var string: String? {
        switch self {
        case .simpleString(let text), .error(let text): text
        case .bulkString(let bytes?): String(buffer: bytes)
        case .bulkString(nil), .integer, .array: nil
        }
    }

    /// The bytes of a bulk string, or of a simple string as UTF-8.
    public var bytes: ByteBuffer? {
        switch self {
        case .bulkString(let bytes): bytes
        case .simpleString(let text): ByteBuffer(string: text)
        case .error, .integer, .array: nil
        }
    }

    /// An integer reply, or a bulk string holding a decimal integer (as `EVAL` may return).
    public var int: Int? {
        switch self {
        case .integer(let value): Int(exactly: value)
        case .bulkString(let bytes?): Int(String(buffer: bytes))
        case .simpleString(let text): Int(text)
        case .bulkString(nil), .error, .array: nil
        }
    }

    /// The elements of a non-null array.
    public var elements: [RESPValue]? {
        if case .array(let elements) = self { return elements }
        return nil
    }

    /// Whether this is the null bulk string or the null array.
    public var isNull: Bool {
        switch self {
        case .bulkString(nil), .array(nil): true
        default: false
        }
    }
}

extension RESPValue: CustomStringConvertible {
    /// Written the way `redis-cli` prints replies, for logs and test failures.
    public var description: String {
        switch self {
        case .simpleString(let text): text
        case .error(let text): "(error) \(text)"
        case .integer(let value): "(integer) \(value)"
        case .bulkString(nil), .array(nil): "(nil)"
        case .bulkString(let bytes?): "\"\(String(buffer: bytes))\""
        case .array(let elements?): "[" + elements.map(\.description).joined(separator: ", ") + "]"
        }
    }
}
