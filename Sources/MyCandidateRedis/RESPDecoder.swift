import NIOCore

/// Bounds on what the decoder accepts.
///
/// A length prefix comes from the network, so it is checked before anything is buffered or
/// reserved for it: a corrupt or hostile `$9999999999` is a protocol error, not an allocation.
struct RESPLimits: Sendable, Equatable {
    /// Longest bulk string; Redis's own `proto-max-bulk-len` default is 512 MB.
    var maximumBulkLength = 512 * 1024 * 1024
    /// Most elements of one array.
    var maximumArrayCount = 16 * 1024 * 1024
    /// Longest simple string, error or integer line. Redis writes these short.
    var maximumLineLength = 64 * 1024
    /// Deepest nesting of arrays, so decoding cannot exhaust the stack.
    var maximumDepth = 32

    static let `default` = RESPLimits()
}

/// The bytes received are not valid RESP2, or exceed ``RESPLimits``.
struct RESPDecodingError: Error, Equatable, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}

/// Parses one RESP2 value from the readable bytes of a buffer.
///
/// Returns `nil` while the value is incomplete, without consuming anything, so the caller simply
/// tries again when more bytes arrive; a value split at any byte decodes the same.
enum RESPParser {
    /// The first complete value and how many bytes it took, or `nil` when more bytes are needed.
    static func parse(_ buffer: ByteBuffer, limits: RESPLimits = .default) throws -> (value: RESPValue, length: Int)? {
        try buffer.withUnsafeReadableBytes { bytes in
            let reader = Reader(bytes: bytes, buffer: buffer, limits: limits)
            var offset = 0
            guard let value = try reader.value(at: &offset, depth: 0) else { return nil }
            return (value, offset)
        }
    }

    private static let cr = UInt8(ascii: "\r")
    private static let lf = UInt8(ascii: "\n")

    private struct Reader {
        let bytes: UnsafeRawBufferPointer
        /// The buffer `bytes` belongs to, so bulk strings become slices of it rather than copies.
        let buffer: ByteBuffer
        let limits: RESPLimits

        /// Reads the value starting at `offset`, moving `offset` past it only when it is complete.
        func value(at offset: inout Int, depth: Int) throws -> RESPValue? {
            guard offset < bytes.count else { return nil }
            var cursor = offset + 1
            let result: RESPValue
            switch bytes[offset] {
            case UInt8(ascii: "+"):
                guard let line = try line(at: &cursor) else { return nil }
                result = .simpleString(String(decoding: UnsafeRawBufferPointer(rebasing: bytes[line]), as: UTF8.self))
            case UInt8(ascii: "-"):
                guard let line = try line(at: &cursor) else { return nil }
                result = .error(String(decoding: UnsafeRawBufferPointer(rebasing: bytes[line]), as: UTF8.self))
            case UInt8(ascii: ":"):
                guard let number = try integer(at: &cursor) else { return nil }
                result = .integer(number)
            case UInt8(ascii: "$"):
                guard let declared = try integer(at: &cursor) else { return nil }
                if declared == -1 {
                    result = .bulkString(nil)
                    break
                }
                guard declared >= 0, declared <= limits.maximumBulkLength else {
                    throw RESPDecodingError("bulk string length \(declared) is outside 0...\(limits.maximumBulkLength)")
                }
                let length = Int(declared)
                guard bytes.count - cursor >= length + 2 else { return nil }
                guard bytes[cursor + length] == RESPParser.cr, bytes[cursor + length + 1] == RESPParser.lf else {
                    throw RESPDecodingError("bulk string of length \(length) is not followed by CRLF")
                }
                result = .bulkString(buffer.getSlice(at: buffer.readerIndex + cursor, length: length))
                cursor += length + 2
            case UInt8(ascii: "*"):
                guard let count = try integer(at: &cursor) else { return nil }
                if count == -1 {
                    result = .array(nil)
                    break
                }
                guard count >= 0, count <= limits.maximumArrayCount else {
                    throw RESPDecodingError("array length \(count) is outside 0...\(limits.maximumArrayCount)")
                }
                guard depth < limits.maximumDepth else {
                    throw RESPDecodingError("arrays nested deeper than \(limits.maximumDepth)")
                }
                var elements: [RESPValue] = []
                // Reserve only what a small reply needs; a large one grows as its bytes arrive.
                elements.reserveCapacity(min(Int(count), 1024))
                for _ in 0..<count {
                    guard let element = try value(at: &cursor, depth: depth + 1) else { return nil }
                    elements.append(element)
                }
                result = .array(elements)
            case let other:
                throw RESPDecodingError("unknown RESP type byte 0x\(String(other, radix: 16)) (RESP3 is not supported)")
            }
            offset = cursor
            return result
        }

        /// The range of the line starting at `cursor` without its CRLF, moving `cursor` past the CRLF.
        private func line(at cursor: inout Int) throws -> Range<Int>? {
            let start = cursor
            let end = min(bytes.count, start + limits.maximumLineLength + 1)
            var index = start
            while index < end, bytes[index] != RESPParser.cr { index += 1 }
            guard index < end else {
                if end - start > limits.maximumLineLength {
                    throw RESPDecodingError("line longer than \(limits.maximumLineLength) bytes")
                }
                return nil
            }
            guard index + 1 < bytes.count else { return nil }
            guard bytes[index + 1] == RESPParser.lf else { throw RESPDecodingError("CR not followed by LF") }
            cursor = index + 2
            return start..<index
        }

        /// A signed decimal line, as integers and lengths are written.
        private func integer(at cursor: inout Int) throws -> Int64? {
            var next = cursor
            guard let line = try line(at: &next) else { return nil }
            var digits = line
            let negative = bytes[line].first == UInt8(ascii: "-")
            if negative { digits = digits.dropFirst() }
            guard !digits.isEmpty else { throw RESPDecodingError("empty integer") }
            var result: Int64 = 0
            for index in digits {
                let byte = bytes[index]
                guard byte >= UInt8(ascii: "0"), byte <= UInt8(ascii: "9") else {
                    throw RESPDecodingError("invalid integer byte 0x\(String(byte, radix: 16))")
                }
                let digit = Int64(byte - UInt8(ascii: "0"))
                let (shifted, overflowA) = result.multipliedReportingOverflow(by: 10)
                let (sum, overflowB) = negative ? shifted.subtractingReportingOverflow(digit) : shifted.addingReportingOverflow(digit)
                guard !overflowA, !overflowB else { throw RESPDecodingError("integer out of range") }
                result = sum
            }
            cursor = next
            return result
        }
    }
}

/// Turns the byte stream from the server into ``RESPValue``s, one per reply.
struct RESPValueDecoder: ByteToMessageDecoder {
    typealias InboundOut = RESPValue

    let limits: RESPLimits

    init(limits: RESPLimits = .default) {
        self.limits = limits
    }

    mutating func decode(context: ChannelHandlerContext, buffer: inout ByteBuffer) throws -> DecodingState {
        guard let (value, length) = try RESPParser.parse(buffer, limits: limits) else { return .needMoreData }
        buffer.moveReaderIndex(forwardBy: length)
        context.fireChannelRead(Self.wrapInboundOut(value))
        return .continue
    }

    mutating func decodeLast(context: ChannelHandlerContext, buffer: inout ByteBuffer, seenEOF: Bool) throws -> DecodingState {
        // A partial reply left at the end of the stream is dropped: the connection is closing and
        // the handler fails whatever was still waiting for it.
        try decode(context: context, buffer: &buffer)
    }
}
