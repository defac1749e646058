import NIOCore
import NIOEmbedded
import Synchronization
import Testing
@testable import MyCandidateWeb

/// Stands in for a socket that has not taken the bytes yet: keeps each write's promise for the
/// test to complete.
final class SlowSocket: ChannelOutboundHandler {
    typealias OutboundIn = ByteBuffer
    var held: [EventLoopPromise<Void>] = []

    func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        if let promise { held.append(promise) }
        context.write(data, promise: nil)
    }

    func drain() {
        let promises = held
        held = []
        for promise in promises { promise.succeed() }
    }
}

@Suite struct DrainBeforeCloseHandlerTests {
    func channel(limit: TimeAmount = .seconds(30)) throws -> (EmbeddedChannel, SlowSocket) {
        let socket = SlowSocket()
        let channel = EmbeddedChannel()
        try channel.pipeline.syncOperations.addHandler(socket)
        try channel.pipeline.syncOperations.addHandler(DrainBeforeCloseHandler(limit: limit))
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
        socket.drain()
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
}
