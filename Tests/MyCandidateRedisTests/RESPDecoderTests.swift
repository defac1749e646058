@testable import MyCandidateRedis
import NIOCore
import NIOEmbedded
import Testing

@Suite struct RESPDecoderTests {
    private func parse(_ text: String, limits: RESPLimits = .default) throws -> RESPValue? {
        try RESPParser.parse(ByteBuffer(string: text), limits: limits)?.value
    }

    private func bulk(_ text: String) -> RESPValue { RESPValue(bulk: text) }

    @Test func decodesEveryType() throws {
        #expect(try parse("+OK\r\n") == .simpleString("OK"))
        #expect(try parse("-WRONGTYPE wrong kind\r\n") == .error("WRONGTYPE wrong kind"))
        #expect(try parse(":-42\r\n") == .integer(-42))
        #expect(try parse(":9223372036854775807\r\n") == .integer(.max))
        #expect(try parse("$5\r\nhello\r\n") == bulk("hello"))
        #expect(try parse("$0\r\n\r\n") == bulk(""))
        #expect(try parse("$-1\r\n") == .bulkString(nil))
        #expect(try parse("*-1\r\n") == .array(nil))
        #expect(try parse("*0\r\n") == .array([]))
        #expect(try parse("$-1\r\n")?.isNull == true)
    }

    @Test func decodesNestedArrays() throws {
        let text = "*3\r\n*2\r\n:1\r\n*1\r\n$1\r\na\r\n$-1\r\n*-1\r\n"
        #expect(try parse(text) == .array([.array([.integer(1), .array([bulk("a")])]), .bulkString(nil), .array(nil)]))
    }

    @Test func bulkStringsAreBinarySafe() throws {
        var buffer = ByteBuffer(string: "$6\r\n")
        buffer.writeBytes([0, 13, 10, 255, 36, 42])
        buffer.writeString("\r\n")
        let value = try #require(try RESPParser.parse(buffer)?.value)
        #expect(value.bytes.map { Array($0.readableBytesView) } == [0, 13, 10, 255, 36, 42])
    }

    @Test func incompleteInputAsksForMore() throws {
        for text in ["", "+OK", "+OK\r", ":12", "$5\r\nhel", "$5\r\nhello", "$5\r\nhello\r", "*2\r\n:1\r\n", "*1\r\n*1\r\n$2\r\nab"] {
            #expect(try parse(text) == nil, "\(text.debugDescription) is incomplete")
        }
    }

    /// Replies split at every possible byte arrive one byte at a time through a real pipeline.
    @Test func partialFramesByteByByte() throws {
        let replies: [RESPValue] = [
            .simpleString("OK"), .error("ERR no"), .integer(7), bulk("hello\r\nworld"), .bulkString(nil),
            .array([.array([.integer(1), bulk("x")]), .array(nil), .array([])]), bulk(""),
        ]
        var stream = ByteBuffer()
        for reply in replies { RESPEncoder.write(reply, into: &stream) }

        let channel = EmbeddedChannel(handler: ByteToMessageHandler(RESPValueDecoder()))
        var received: [RESPValue] = []
        for byte in stream.readableBytesView {
            try channel.writeInbound(ByteBuffer(bytes: [byte]))
            while let value = try channel.readInbound(as: RESPValue.self) { received.append(value) }
        }
        #expect(received == replies)
        #expect(try channel.finish().isClean)
    }

    @Test func consumesExactlyOneValueAtATime() throws {
        let parsed = try #require(try RESPParser.parse(ByteBuffer(string: ":1\r\n+OK\r\n")))
        #expect(parsed.value == .integer(1))
        #expect(parsed.length == 4)
    }

    @Test func absurdLengthsAreRejectedWithoutAllocating() throws {
        // Far beyond any limit: rejected from the header alone, before a byte of payload.
        #expect(throws: RESPDecodingError.self) { try parse("$99999999999\r\n") }
        #expect(throws: RESPDecodingError.self) { try parse("*99999999999\r\n") }
        #expect(throws: RESPDecodingError.self) { try parse("$99999999999999999999999\r\n") }
        var small = RESPLimits()
        small.maximumBulkLength = 4
        small.maximumArrayCount = 2
        small.maximumLineLength = 8
        small.maximumDepth = 2
        #expect(throws: RESPDecodingError.self) { try parse("$5\r\n", limits: small) }
        #expect(throws: RESPDecodingError.self) { try parse("*3\r\n", limits: small) }
        #expect(throws: RESPDecodingError.self) { try parse("+123456789", limits: small) }
        #expect(throws: RESPDecodingError.self) { try parse("*1\r\n*1\r\n*1\r\n:1\r\n", limits: small) }
        #expect(try parse("$4\r\nabcd\r\n", limits: small) == bulk("abcd"))
        #expect(try parse("*1\r\n*1\r\n:1\r\n", limits: small) == .array([.array([.integer(1)])]))
    }

    @Test func malformedInputIsAnError() {
        for text in ["%1\r\n", "$-2\r\n", "*-5\r\n", ":12a\r\n", ":\r\n", ":-\r\n", "$3\r\nabcd\r\n", "+OK\rX", "$x\r\n"] {
            #expect(throws: RESPDecodingError.self, "\(text.debugDescription)") { try parse(text) }
        }
    }

    @Test func commandsAreArraysOfBulkStrings() throws {
        var buffer = ByteBuffer()
        RESPEncoder.writeCommand([ByteBuffer(string: "SET"), ByteBuffer(string: "k"), ByteBuffer(string: "a b\r\n")], into: &buffer)
        #expect(String(buffer: buffer) == "*3\r\n$3\r\nSET\r\n$1\r\nk\r\n$5\r\na b\r\n\r\n")
        #expect(try RESPParser.parse(buffer)?.value == .array([bulk("SET"), bulk("k"), bulk("a b\r\n")]))
    }
}
