import NIOCore

/// Writes RESP2.
///
/// Clients send every command as an array of bulk strings, whatever the argument types, so
/// arguments are binary-safe and need no escaping.
enum RESPEncoder {
    /// Appends `arguments` (command name first) as an array of bulk strings.
    static func writeCommand(_ arguments: [ByteBuffer], into buffer: inout ByteBuffer) {
        writeHeader(UInt8(ascii: "*"), arguments.count, into: &buffer)
        for argument in arguments {
            writeHeader(UInt8(ascii: "$"), argument.readableBytes, into: &buffer)
            buffer.writeImmutableBuffer(argument)
            buffer.writeStaticString("\r\n")
        }
    }

    /// How many bytes ``writeCommand(_:into:)`` will write, to size the buffer once.
    static func commandLength(_ arguments: [ByteBuffer]) -> Int {
        arguments.reduce(16) { $0 + $1.readableBytes + 16 }
    }

    /// Appends any value; the client itself only sends commands, but tests and fakes need replies.
    static func write(_ value: RESPValue, into buffer: inout ByteBuffer) {
        switch value {
        case .simpleString(let text):
            buffer.writeStaticString("+")
            buffer.writeString(text)
            buffer.writeStaticString("\r\n")
        case .error(let text):
            buffer.writeStaticString("-")
            buffer.writeString(text)
            buffer.writeStaticString("\r\n")
        case .integer(let number):
            buffer.writeStaticString(":")
            buffer.writeString(String(number))
            buffer.writeStaticString("\r\n")
        case .bulkString(nil):
            buffer.writeStaticString("$-1\r\n")
        case .bulkString(let bytes?):
            writeHeader(UInt8(ascii: "$"), bytes.readableBytes, into: &buffer)
            buffer.writeImmutableBuffer(bytes)
            buffer.writeStaticString("\r\n")
        case .array(nil):
            buffer.writeStaticString("*-1\r\n")
        case .array(let elements?):
            writeHeader(UInt8(ascii: "*"), elements.count, into: &buffer)
            for element in elements { write(element, into: &buffer) }
        }
    }

    private static func writeHeader(_ type: UInt8, _ count: Int, into buffer: inout ByteBuffer) {
        buffer.writeInteger(type)
        buffer.writeString(String(count))
        buffer.writeStaticString("\r\n")
    }
}
