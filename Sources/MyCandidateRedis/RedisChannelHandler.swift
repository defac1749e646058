import NIOCore
import NIOSSL
import NIOTLS

/// A command on its way to the server, with the promise its reply completes.
struct RedisRequest: Sendable {
    var arguments: [ByteBuffer]
    var reply: EventLoopPromise<RESPValue>
    /// How many replies the command gets: one, except `SUBSCRIBE`/`UNSUBSCRIBE`, which get one
    /// per channel (collected into an array).
    var expectedReplies = 1
    var timeout: TimeAmount?
}

/// Matches replies to commands and enforces the command timeout.
///
/// Commands are written as soon as they arrive (pipelining) and Redis answers them in order, so
/// each reply completes the oldest waiting promise. That is also why a missing reply cannot be
/// recovered from: once a command times out, the connection is closed and every other command
/// on it fails with ``RedisError/connectionClosed``.
final class RedisChannelHandler: ChannelDuplexHandler {
    typealias InboundIn = RESPValue
    typealias OutboundIn = RedisRequest
    typealias OutboundOut = ByteBuffer

    private struct Pending {
        var id: UInt64
        var reply: EventLoopPromise<RESPValue>
        var remaining: Int
        var replies: [RESPValue]
        var timer: Scheduled<Void>?
    }

    private var pending = CircularBuffer<Pending>(initialCapacity: 16)
    private var nextID: UInt64 = 0
    private var context: ChannelHandlerContext?
    /// Set once the connection is unusable; later writes fail with it at once.
    private var failure: RedisError?
    /// Completed when the TLS handshake is done, so connecting can report a bad certificate as
    /// such rather than as the failure of the first command.
    private let tlsHandshake: EventLoopPromise<Void>?
    /// Receives published messages on a pub/sub connection; `nil` on command connections, where
    /// an array starting with "message" is an ordinary reply.
    private let onMessage: (@Sendable (RedisMessage) -> Void)?

    init(tlsHandshake: EventLoopPromise<Void>?, onMessage: (@Sendable (RedisMessage) -> Void)?) {
        self.tlsHandshake = tlsHandshake
        self.onMessage = onMessage
    }

    func handlerAdded(context: ChannelHandlerContext) {
        self.context = context
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        fail(.connectionClosed)
        self.context = nil
    }

    func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        let request = unwrapOutboundIn(data)
        if let failure {
            request.reply.fail(failure)
            promise?.fail(failure)
            return
        }
        let id = nextID
        nextID &+= 1
        var timer: Scheduled<Void>?
        if let timeout = request.timeout {
            timer = context.eventLoop.assumeIsolated().scheduleTask(in: timeout) { [weak self] in
                self?.timeOut(id, after: timeout)
            }
        }
        pending.append(Pending(id: id, reply: request.reply, remaining: request.expectedReplies, replies: [], timer: timer))
        var buffer = context.channel.allocator.buffer(capacity: RESPEncoder.commandLength(request.arguments))
        RESPEncoder.writeCommand(request.arguments, into: &buffer)
        context.write(wrapOutboundOut(buffer), promise: promise)
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        let value = unwrapInboundIn(data)
        if let onMessage, let message = Self.message(in: value) {
            onMessage(message)
            return
        }
        guard var head = pending.first else {
            fail(.protocolViolation("a reply arrived that no command was waiting for"))
            context.close(promise: nil)
            return
        }
        head.remaining -= 1
        // An error answers the whole command, even one that expected a reply per channel.
        if case .error = value { head.remaining = 0 }
        if head.remaining > 0 {
            head.replies.append(value)
            pending[pending.startIndex] = head
            return
        }
        pending.removeFirst()
        head.timer?.cancel()
        if head.replies.isEmpty {
            head.reply.succeed(value)
        } else {
            head.replies.append(value)
            head.reply.succeed(.array(head.replies))
        }
    }

    func channelInactive(context: ChannelHandlerContext) {
        fail(.connectionClosed)
        context.fireChannelInactive()
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        fail(Self.redisError(for: error))
        context.close(promise: nil)
    }

    func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        if case .handshakeCompleted? = event as? TLSUserEvent {
            tlsHandshake?.succeed(())
        }
        context.fireUserInboundEventTriggered(event)
    }

    private func timeOut(_ id: UInt64, after timeout: TimeAmount) {
        guard let index = pending.firstIndex(where: { $0.id == id }) else { return }
        let timedOut = pending.remove(at: index)
        timedOut.reply.fail(RedisError.commandTimedOut(Duration(timeout)))
        fail(.connectionClosed)
        context?.close(promise: nil)
    }

    /// Fails every waiting command and refuses further ones.
    private func fail(_ error: RedisError) {
        if failure == nil { failure = error }
        // Completing an already completed promise is a no-op in NIO, so this is safe after success.
        tlsHandshake?.fail(error)
        while let entry = pending.popFirst() {
            entry.timer?.cancel()
            entry.reply.fail(error)
        }
    }

    /// A pushed `["message", channel, payload]`.
    private static func message(in value: RESPValue) -> RedisMessage? {
        guard case .array(let items?) = value, items.count == 3,
              case .bulkString(let kind?) = items[0], kind.readableBytesView.elementsEqual("message".utf8),
              let channel = items[1].string, case .bulkString(let payload?) = items[2]
        else { return nil }
        return RedisMessage(channel: channel, payload: payload)
    }

    /// Maps what the pipeline reports to the errors callers see.
    static func redisError(for error: any Error) -> RedisError {
        switch error {
        case let error as RedisError: return error
        case let error as RESPDecodingError: return .protocolViolation(error.description)
        case NIOSSLError.uncleanShutdown: return .connectionClosed
        case let error as NIOSSLError: return .tlsFailed(String(describing: error))
        case let error as NIOSSLExtraError: return .tlsFailed(String(describing: error))
        default: return .connectionClosed
        }
    }
}
