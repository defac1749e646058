#if canImport(Glibc)
import Glibc
#endif
import MyCandidateTestSupport
import NIOCore
import NIOEmbedded
import NIOPosix
import Synchronization
import Testing
@testable import MyCandidateWeb

/// Stands in for a socket that has not taken the bytes yet: counts what was written until the
/// test says the client has read it.
final class SlowSocket: ChannelOutboundHandler {
    typealias OutboundIn = ByteBuffer
    var unwritten = 0

    func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        unwritten += unwrapOutboundIn(data).readableBytes
        context.write(data, promise: promise)
    }

    func drain() {
        unwritten = 0
    }
}

@Suite struct DrainBeforeCloseHandlerTests {
    static let poll = TimeAmount.milliseconds(10)

    func channel(limit: TimeAmount = .seconds(30)) throws -> (EmbeddedChannel, SlowSocket) {
        let socket = SlowSocket()
        let channel = EmbeddedChannel()
        try channel.pipeline.syncOperations.addHandler(socket)
        try channel.pipeline.syncOperations.addHandler(DrainBeforeCloseHandler(limit: limit, pollInterval: Self.poll) { _ in socket.unwritten })
        try channel.connect(to: SocketAddress(ipAddress: "127.0.0.1", port: 80)).wait()
        return (channel, socket)
    }

    @Test func aCloseWaitsForTheBytesStillOnTheirWay() throws {
        let (channel, socket) = try channel()
        channel.writeAndFlush(ByteBuffer(string: "the end of a long export"), promise: nil)
        let closed = channel.close()
        let done = Mutex(false)
        closed.whenComplete { _ in done.withLock { $0 = true } }
        #expect(channel.isActive, "closed with a write still pending")
        #expect(!done.withLock { $0 })
        channel.embeddedEventLoop.advanceTime(by: Self.poll * 3)
        #expect(channel.isActive, "closed while the client had not read")
        socket.drain()
        channel.embeddedEventLoop.advanceTime(by: Self.poll)
        #expect(!channel.isActive)
        #expect(throws: Never.self) { try closed.wait() }
        #expect(try channel.readOutbound(as: ByteBuffer.self) == ByteBuffer(string: "the end of a long export"))
    }

    @Test func withNothingPendingACloseIsImmediate() throws {
        let (channel, _) = try channel()
        let closed = channel.close()
        #expect(!channel.isActive)
        #expect(throws: Never.self) { try closed.wait() }
    }

    @Test func aClientThatStopsReadingIsClosedAfterTheLimit() throws {
        let (channel, _) = try channel(limit: .seconds(5))
        channel.writeAndFlush(ByteBuffer(string: "never read"), promise: nil)
        let first = channel.close()
        let second = channel.close()
        channel.embeddedEventLoop.advanceTime(by: .seconds(4))
        #expect(channel.isActive)
        channel.embeddedEventLoop.advanceTime(by: .seconds(1))
        #expect(!channel.isActive)
        #expect(throws: Never.self) { try first.wait() }
        #expect(throws: Never.self) { try second.wait() }
    }

    @Test func halfClosesAreNotHeldBack() throws {
        let (channel, _) = try channel()
        channel.writeAndFlush(ByteBuffer(string: "pending"), promise: nil)
        let done = Mutex(false)
        channel.close(mode: .input).whenComplete { _ in done.withLock { $0 = true } }
        #expect(done.withLock { $0 }, "only a full close waits for the writes")
    }

    /// The handler's own count of unwritten bytes, on a real socket: a server writes far more
    /// than the kernel's buffers hold and closes at once, and a client that starts reading
    /// only afterwards still gets every byte. Without the handler NIO's close drops the rest.
    @Test func onARealSocketTheClientGetsEveryByteWrittenBeforeTheClose() async throws {
        let size = 32 << 20
        let server = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .childChannelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.addHandler(DrainBeforeCloseHandler())
                    try channel.pipeline.syncOperations.addHandler(WriteThenClose(size: size))
                }
            }
            .bind(host: "127.0.0.1", port: 0).get()
        let port = try #require(server.localAddress?.port)
        let socket = try LoopbackSocket.connect(port: port, timeoutSeconds: 10)
        defer { close(socket) }
        // The server writes what the kernel takes and asks to close before anything is read.
        try await Task.sleep(for: .milliseconds(300))
        var received = 0
        var buffer = [UInt8](repeating: 0, count: 1 << 16)
        while true {
            let count = recv(socket, &buffer, buffer.count, 0)
            if count <= 0 { break }
            received += count
        }
        #expect(received == size)
        try await server.close()
    }
}

/// Writes `size` bytes as soon as the connection is up, then closes it.
private final class WriteThenClose: ChannelInboundHandler {
    typealias InboundIn = ByteBuffer
    let size: Int

    init(size: Int) {
        self.size = size
    }

    func channelActive(context: ChannelHandlerContext) {
        context.writeAndFlush(NIOAny(ByteBuffer(repeating: UInt8(ascii: "a"), count: size)), promise: nil)
        context.close(promise: nil)
    }
}
