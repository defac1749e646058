import NIOCore

/// Holds back a connection's close until the bytes already written to it have reached the
/// socket, so a slow reader gets the end of its response.
///
/// On shutdown Hummingbird closes each connection as soon as its last response part is
/// written and flushed into NIO. NIO's close drops whatever the socket has not taken yet: a
/// client reading a large export slowly lost the last tens of kilobytes, and the response came
/// out cut short (the graceful-shutdown test saw it in about one run in three). This handler
/// catches that close and performs it only once the channel reports no unwritten bytes, or
/// after `limit` when the client stops reading altogether.
///
/// It looks at the channel's own count (`ChannelOptions.bufferedWritableBytes`) when a close
/// comes, and every `pollInterval` while one waits, rather than following each write: writes
/// are every response, held-back closes only happen on shutdown, and a promise and a callback
/// per write cost more than a cached page's own handler.
final class DrainBeforeCloseHandler: ChannelOutboundHandler, RemovableChannelHandler {
    typealias OutboundIn = Any
    typealias OutboundOut = Any

    /// How many bytes written to the channel have not reached the socket yet.
    typealias UnwrittenBytes = (ChannelHandlerContext) -> Int

    private let limit: TimeAmount
    private let pollInterval: TimeAmount
    private let unwrittenBytes: UnwrittenBytes
    private var deferredClose: (promise: EventLoopPromise<Void>?, timeout: Scheduled<Void>, poll: Scheduled<Void>?)?

    /// - Parameters:
    ///   - limit: The longest a close waits for a client that does not read; by then the
    ///     shutdown's own timeout has usually ended the process anyway.
    ///   - pollInterval: How often a waiting close looks again.
    ///   - unwrittenBytes: The channel's count of bytes still to write; tests give their own.
    init(
        limit: TimeAmount = .seconds(30), pollInterval: TimeAmount = .milliseconds(10),
        unwrittenBytes: @escaping UnwrittenBytes = DrainBeforeCloseHandler.bufferedBytes
    ) {
        self.limit = limit
        self.pollInterval = pollInterval
        self.unwrittenBytes = unwrittenBytes
    }

    /// The channel's own count; a channel that can no longer tell (it is closed) has none.
    static func bufferedBytes(_ context: ChannelHandlerContext) -> Int {
        (try? context.channel.syncOptions?.getOption(.bufferedWritableBytes)) ?? 0
    }

    func close(context: ChannelHandlerContext, mode: CloseMode, promise: EventLoopPromise<Void>?) {
        if deferredClose != nil {
            guard mode == .all else {
                context.close(mode: mode, promise: promise)
                return
            }
            // Already waiting: both callers learn the outcome of the one close.
            if let promise {
                if let first = deferredClose?.promise { first.futureResult.cascade(to: promise) } else { deferredClose?.promise = promise }
            }
            return
        }
        guard mode == .all, unwrittenBytes(context) > 0 else {
            context.close(mode: mode, promise: promise)
            return
        }
        let loopBound = NIOLoopBound((self, context), eventLoop: context.eventLoop)
        let timeout = context.eventLoop.scheduleTask(in: limit) {
            let (handler, context) = loopBound.value
            handler.closeNow(context)
        }
        deferredClose = (promise, timeout, nil)
        // The writes are only on their way once flushed.
        context.flush()
        lookAgainLater(context)
    }

    private func lookAgainLater(_ context: ChannelHandlerContext) {
        let loopBound = NIOLoopBound((self, context), eventLoop: context.eventLoop)
        deferredClose?.poll = context.eventLoop.scheduleTask(in: pollInterval) {
            let (handler, context) = loopBound.value
            guard handler.deferredClose != nil else { return }
            if handler.unwrittenBytes(context) == 0 { handler.closeNow(context) } else { handler.lookAgainLater(context) }
        }
    }

    /// Performs the close that was held back, if any.
    private func closeNow(_ context: ChannelHandlerContext) {
        guard let deferred = deferredClose else { return }
        deferredClose = nil
        deferred.timeout.cancel()
        deferred.poll?.cancel()
        context.close(mode: .all, promise: deferred.promise)
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        deferredClose?.timeout.cancel()
        deferredClose?.poll?.cancel()
    }
}
