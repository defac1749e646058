import Logging
import NIOCore
import NIOSSL

/// The dedicated pub/sub connection, kept open and subscribed for as long as the client lives.
///
/// A connection in subscribed mode accepts no other commands, so it is separate from the pool.
/// When it is lost, a background loop reconnects with backoff and subscribes again to every
/// channel that still has listeners; messages published while it was down are lost (Redis
/// pub/sub keeps nothing), which is why the app polls as well.
actor RedisSubscriber {
    private enum State {
        /// No subscription was ever made, so no loop runs.
        case idle
        case connecting
        case connected(RedisConnection)
        /// Between attempts, after a failure or a lost connection.
        case waiting
        case shutdown
    }

    private let configuration: RedisConfiguration
    private let sslContext: NIOSSLContext?
    private let eventLoopGroup: any EventLoopGroup
    private let logger: Logger
    private let backoff: ReconnectBackoff
    private let registry = SubscriptionRegistry()

    private var state = State.idle
    private var loop: Task<Void, Never>?
    /// Callers of ``subscribe(to:)`` waiting for the current connection attempt to finish.
    private var attemptWaiters: [CheckedContinuation<Void, Never>] = []

    /// How many messages a stream holds for a slow reader; past that the oldest are dropped.
    static let bufferedMessages = 10_000

    init(configuration: RedisConfiguration, sslContext: NIOSSLContext?, eventLoopGroup: any EventLoopGroup, logger: Logger) {
        self.configuration = configuration
        self.sslContext = sslContext
        self.eventLoopGroup = eventLoopGroup
        self.logger = logger
        self.backoff = ReconnectBackoff(minimum: configuration.minimumReconnectDelay, maximum: configuration.maximumReconnectDelay)
    }

    func subscribe(to channels: [String]) async throws -> AsyncStream<RedisMessage> {
        if case .shutdown = state { throw RedisError.shutdown }
        var unique: [String] = []
        for channel in channels where !unique.contains(channel) { unique.append(channel) }
        guard !unique.isEmpty else { throw RedisError.invalidArgument("subscribe needs at least one channel") }

        let (stream, listener) = AsyncStream.makeStream(
            of: RedisMessage.self,
            bufferingPolicy: .bufferingNewest(Self.bufferedMessages)
        )
        let (id, newChannels) = registry.add(listener, to: unique)
        listener.onTermination = { [weak self, unique] _ in
            Task { await self?.listenerEnded(id, channels: unique) }
        }

        switch state {
        case .shutdown:
            listener.finish()
        case .idle:
            loop = Task { await self.run() }
            state = .connecting
            await waitForAttempt()
        case .connecting:
            await waitForAttempt()
        case .connected(let connection):
            if !newChannels.isEmpty {
                // Written before the actor is left, so it stays in order with an UNSUBSCRIBE of
                // the same channel. A failure closes the connection, and the loop subscribes again.
                let reply = connection.write(command("SUBSCRIBE", newChannels), expectedReplies: newChannels.count)
                _ = try? await reply.get()
            }
        case .waiting:
            // Subscribed by the next attempt.
            break
        }
        return stream
    }

    private func waitForAttempt() async {
        await withCheckedContinuation { attemptWaiters.append($0) }
    }

    private func attemptFinished() {
        let waiters = attemptWaiters
        attemptWaiters = []
        for waiter in waiters { waiter.resume() }
    }

    private func listenerEnded(_ id: Int, channels: [String]) {
        let abandoned = registry.remove(id, from: channels)
        guard !abandoned.isEmpty, case .connected(let connection) = state else { return }
        // Written before this method returns, so a later SUBSCRIBE to the same channel is sent
        // after this UNSUBSCRIBE and wins.
        _ = connection.write(command("UNSUBSCRIBE", abandoned), expectedReplies: abandoned.count)
    }

    private func run() async {
        var failures = 0
        while !Task.isCancelled {
            if case .shutdown = state { return }
            state = .connecting
            do {
                let connection = try await RedisConnection.connect(
                    configuration,
                    sslContext: sslContext,
                    eventLoop: eventLoopGroup.next(),
                    onMessage: { [registry] message in registry.deliver(message) }
                )
                if case .shutdown = state {
                    connection.close()
                    return
                }
                state = .connected(connection)
                let channels = registry.channels
                if !channels.isEmpty {
                    let reply = connection.write(command("SUBSCRIBE", channels), expectedReplies: channels.count)
                    if case .error(let message) = try await reply.get() { throw RedisError.server(message) }
                }
                if failures > 0 { logger.info("Redis pub/sub connection restored", metadata: ["redis": "\(configuration)"]) }
                failures = 0
                attemptFinished()
                await watch(connection)
                if case .shutdown = state { return }
                logger.warning("Redis pub/sub connection lost; reconnecting", metadata: ["redis": "\(configuration)"])
                state = .waiting
            } catch {
                if case .connected(let connection) = state { connection.close() }
                if case .shutdown = state { return }
                state = .waiting
                attemptFinished()
                if failures == 0 {
                    logger.warning("Redis pub/sub connection failed; retrying with backoff", metadata: ["redis": "\(configuration)", "error": "\(error)"])
                }
                failures += 1
            }
            // After a loss (no failure yet) this is the shortest delay: the server may well be
            // back at once, but one that accepts and drops connections must not make this spin.
            try? await Task.sleep(for: backoff.delay(afterFailures: failures))
        }
    }

    /// Returns when the connection closes; meanwhile pings it, so a server that vanished without
    /// closing the connection is noticed (an unanswered ping times out and closes it).
    private func watch(_ connection: RedisConnection) async {
        let interval = configuration.pubSubPingInterval
        await withTaskGroup(of: Void.self) { group in
            group.addTask { await connection.closed() }
            group.addTask {
                while !Task.isCancelled {
                    try? await Task.sleep(for: interval)
                    guard !Task.isCancelled else { return }
                    _ = try? await connection.send([ByteBuffer(string: "PING")])
                }
            }
            await group.next()
            group.cancelAll()
        }
    }

    func shutdown() async {
        let previous = state
        state = .shutdown
        loop?.cancel()
        if case .connected(let connection) = previous {
            connection.close()
        }
        await loop?.value
        loop = nil
        attemptFinished()
        registry.finishAll()
    }

    private func command(_ name: String, _ channels: [String]) -> [ByteBuffer] {
        [ByteBuffer(string: name)] + channels.map { ByteBuffer(string: $0) }
    }
}
