import Logging
import NIOCore
import NIOSSL

/// A fixed number of connection slots, used in turn and (re)connected lazily.
///
/// A slot connects when a command needs it. After a failed attempt the whole pool waits out a
/// backoff before trying again (the server is as unreachable from one slot as from another), and
/// meanwhile commands fail at once with the last attempt's error rather than queueing behind a
/// dead server. Commands issued while a slot is connecting wait for that one attempt.
actor RedisConnectionPool {
    private enum Slot {
        case empty
        case connecting(id: Int, Task<RedisConnection, any Error>)
        case ready(RedisConnection)
    }

    private let configuration: RedisConfiguration
    private let sslContext: NIOSSLContext?
    private let eventLoopGroup: any EventLoopGroup
    private let logger: Logger
    private let backoff: ReconnectBackoff

    private var slots: [Slot]
    private var nextSlot = 0
    private var nextAttemptID = 0
    private var failures = 0
    private var retryAt: ContinuousClock.Instant?
    private var lastError: RedisError?
    private var isShutdown = false

    init(configuration: RedisConfiguration, sslContext: NIOSSLContext?, eventLoopGroup: any EventLoopGroup, logger: Logger) {
        self.configuration = configuration
        self.sslContext = sslContext
        self.eventLoopGroup = eventLoopGroup
        self.logger = logger
        self.backoff = ReconnectBackoff(minimum: configuration.minimumReconnectDelay, maximum: configuration.maximumReconnectDelay)
        self.slots = Array(repeating: .empty, count: configuration.poolSize)
    }

    /// The next slot's connection, connecting it first if needed.
    func connection() async throws -> RedisConnection {
        guard !isShutdown else { throw RedisError.shutdown }
        let index = nextSlot
        nextSlot = (nextSlot + 1) % slots.count
        switch slots[index] {
        case .ready(let connection) where connection.isActive:
            return connection
        case .connecting(_, let attempt):
            return try await attempt.value
        case .ready, .empty:
            if let retryAt, ContinuousClock.now < retryAt, let lastError {
                // Another slot may still hold a live connection; otherwise fail fast.
                if let live = liveConnection() { return live }
                throw lastError
            }
            return try await connect(slot: index)
        }
    }

    private func liveConnection() -> RedisConnection? {
        for slot in slots {
            if case .ready(let connection) = slot, connection.isActive { return connection }
        }
        return nil
    }

    private func connect(slot index: Int) async throws -> RedisConnection {
        let id = nextAttemptID
        nextAttemptID += 1
        let attempt = Task { [configuration, sslContext, eventLoopGroup] in
            try await RedisConnection.connect(configuration, sslContext: sslContext, eventLoop: eventLoopGroup.next())
        }
        slots[index] = .connecting(id: id, attempt)
        do {
            let connection = try await attempt.value
            guard !isShutdown else {
                connection.close()
                throw RedisError.shutdown
            }
            slots[index] = .ready(connection)
            if failures > 0 {
                logger.info("Redis reachable again", metadata: ["redis": "\(configuration)"])
            }
            failures = 0
            retryAt = nil
            lastError = nil
            return connection
        } catch {
            if case .connecting(id, _) = slots[index] { slots[index] = .empty }
            let error = error as? RedisError ?? .unavailable(String(describing: error))
            guard error != .shutdown else { throw error }
            recordFailure(error)
            throw error
        }
    }

    private func recordFailure(_ error: RedisError) {
        if failures == 0 {
            // The first failure of an outage only, so an outage does not flood the log.
            logger.warning("Redis connection failed; retrying with backoff", metadata: ["redis": "\(configuration)", "error": "\(error)"])
        }
        failures += 1
        var delay = backoff.delay(afterFailures: failures)
        switch error {
        case .authenticationFailed, .tlsFailed, .invalidConfiguration:
            // Retrying soon cannot fix credentials or certificates; still retry now and then,
            // since an operator may be fixing them.
            delay = backoff.maximum
        default:
            break
        }
        retryAt = .now + delay
        lastError = error
    }

    /// Closes every connection; later calls fail with ``RedisError/shutdown``.
    func shutdown() async {
        isShutdown = true
        let current = slots
        slots = Array(repeating: .empty, count: slots.count)
        for slot in current {
            switch slot {
            case .empty:
                break
            case .ready(let connection):
                connection.close()
                await connection.closed()
            case .connecting(_, let attempt):
                // The attempt is not cancellable midway; wait for it so nothing stays open.
                if let connection = try? await attempt.value {
                    connection.close()
                    await connection.closed()
                }
            }
        }
    }
}
