import NIOCore

/// Holds back a connection's close until the bytes already written to it have reached the
/// socket, so a slow reader gets the end of its response.
///
/// On shutdown Hummingbird closes each connection as soon as its last response part is
/// written and flushed into NIO. NIO's close drops whatever the socket has not taken yet: a
/// client reading a large export slowly lost the last tens of kilobytes, and the response came
/// out cut short (the graceful-shutdown test saw it in about one run in three). This handler
/// sits between Hummingbird's connection handler and the socket, counts the writes still on
/// their way, and performs a full close only when none is left, or after `limit` when the
/// client stops reading altogether.
final class DrainBeforeCloseHandler: ChannelOutboundHandler, RemovableChannelHandler {
    typealias OutboundIn = Any
    typealias OutboundOut = Any

    private let limit: TimeAmount
    private var pendingWrites = 0
    private var deferredClose: (promise: EventLoopPromise<Void>?, timeout: Scheduled<Void>)?

    /// - Parameter limit: The longest a close waits for a client that does not read; by then
    ///   the shutdown's own timeout has usually ended the process anyway.
    init(limit: TimeAmount = .seconds(30)) {
        self.limit = limit
    }

    func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        let written = promise ?? context.eventLoop.makePromise()
        pendingWrites += 1
        let loopBound = NIOLoopBound((self, context), eventLoop: context.eventLoop)
        written.futureResult.whenComplete { _ in
            let (handler, context) = loopBound.value
            handler.pendingWrites -= 1
            if handler.pendingWrites == 0 { handler.closeNow(context) }
        }
        context.write(data, promise: written)
    }

    func close(context: ChannelHandlerContext, mode: CloseMode, promise: EventLoopPromise<Void>?) {
        guard mode == .all, pendingWrites > 0 else {
            context.close(mode: mode, promise: promise)
            return
        }
        if let earlier = deferredClose {
            // Already waiting: both callers learn the outcome of the one close.
            if let promise {
                if let first = earlier.promise { first.futureResult.cascade(to: promise) } else { deferredClose?.promise = promise }
            }
            return
        }
        let loopBound = NIOLoopBound((self, context), eventLoop: context.eventLoop)
        let timeout = context.eventLoop.scheduleTask(in: limit) {
            let (handler, context) = loopBound.value
            handler.closeNow(context)
        }
        deferredClose = (promise, timeout)
        // The writes are only on their way once flushed.
        context.flush()
    }

    /// Performs the close that was held back, if any.
    private func closeNow(_ context: ChannelHandlerContext) {
        guard let deferred = deferredClose else { return }
        deferredClose = nil
        deferred.timeout.cancel()
        context.close(mode: .all, promise: deferred.promise)
    }
}
