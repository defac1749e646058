import Logging
import NIOCore
import NIOPosix
import NIOSSL

/// One open, authenticated connection to Redis.
final class RedisConnection: Sendable {
    let channel: any Channel
    private let commandTimeout: TimeAmount

    private init(channel: any Channel, commandTimeout: TimeAmount) {
        self.channel = channel
        self.commandTimeout = commandTimeout
    }

    var isActive: Bool { channel.isActive }

    /// Connects, completes the TLS handshake, then sends `AUTH` and `SELECT` as configured, all
    /// within the connect timeout.
    ///
    /// - Parameter onMessage: makes this a pub/sub connection, receiving published messages.
    /// - Throws: ``RedisError/unavailable(_:)`` when the server cannot be reached or does not
    ///   answer in time, ``RedisError/tlsFailed(_:)``, ``RedisError/authenticationFailed(_:)``.
    static func connect(
        _ configuration: RedisConfiguration,
        sslContext: NIOSSLContext?,
        eventLoop: any EventLoop,
        onMessage: (@Sendable (RedisMessage) -> Void)? = nil
    ) async throws -> RedisConnection {
        let target = "\(configuration.host):\(configuration.port)"
        let connectTimeout = TimeAmount(configuration.connectTimeout)
        let tlsHandshake = sslContext.map { _ in eventLoop.makePromise(of: Void.self) }
        // SNI and certificate checks use the host name; for an IP address NIOSSL checks the
        // certificate's IP entries against the peer address instead.
        let serverHostname = configuration.host.isIPAddress ? nil : configuration.host
        let bootstrap = ClientBootstrap(group: eventLoop)
            .connectTimeout(connectTimeout)
            // Keepalive, so the kernel eventually drops an idle connection to a vanished peer (the
            // command timeout and the pub/sub ping notice one sooner).
            .channelOption(.socketOption(.so_keepalive), value: 1)
            .channelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    let pipeline = channel.pipeline.syncOperations
                    if let sslContext {
                        try pipeline.addHandler(NIOSSLClientHandler(context: sslContext, serverHostname: serverHostname))
                    }
                    try pipeline.addHandler(ByteToMessageHandler(RESPValueDecoder()))
                    try pipeline.addHandler(RedisChannelHandler(tlsHandshake: tlsHandshake, onMessage: onMessage))
                }
            }

        let channel: any Channel
        do {
            channel = try await bootstrap.connect(host: configuration.host, port: configuration.port).get()
        } catch {
            tlsHandshake?.fail(error)
            throw Self.connectError(error, target: target, timeout: configuration.connectTimeout)
        }
        let connection = RedisConnection(channel: channel, commandTimeout: TimeAmount(configuration.commandTimeout))

        // The TCP connect has its own timeout; this one bounds what follows, against a server
        // that accepts connections but never answers.
        let deadline = eventLoop.scheduleTask(in: connectTimeout) { channel.close(promise: nil) }
        do {
            if let tlsHandshake { try await tlsHandshake.futureResult.get() }
            if let password = configuration.password {
                var auth = ["AUTH"]
                if let username = configuration.username { auth.append(username) }
                auth.append(password)
                let reply = try await connection.send(auth.map { ByteBuffer(string: $0) })
                if case .error(let message) = reply {
                    // A server that is full or still loading answers AUTH with an error too, but
                    // that is an outage to wait out, not a wrong password.
                    let refused = message.hasPrefix("WRONGPASS") || message.localizedCaseInsensitiveContains("password")
                    throw refused ? RedisError.authenticationFailed(message) : RedisError.unavailable("AUTH failed: \(message)")
                }
            }
            if configuration.database != 0 {
                let reply = try await connection.send(["SELECT", String(configuration.database)].map { ByteBuffer(string: $0) })
                if case .error(let message) = reply {
                    throw RedisError.invalidConfiguration("SELECT \(configuration.database) failed: \(message)")
                }
            }
            deadline.cancel()
            return connection
        } catch {
            deadline.cancel()
            channel.close(promise: nil)
            // The deadline's future succeeds only if it fired.
            if (try? await deadline.futureResult.get()) != nil {
                throw RedisError.unavailable("connecting to \(target) timed out after \(configuration.connectTimeout)")
            }
            throw Self.connectError(error, target: target, timeout: configuration.connectTimeout)
        }
    }

    /// Writes a command now, so commands issued one after another go out in that order, and
    /// returns its reply (an error reply is a value here, not a thrown error).
    func write(_ arguments: [ByteBuffer], expectedReplies: Int = 1) -> EventLoopFuture<RESPValue> {
        let reply = channel.eventLoop.makePromise(of: RESPValue.self)
        let request = RedisRequest(arguments: arguments, reply: reply, expectedReplies: expectedReplies, timeout: commandTimeout)
        channel.writeAndFlush(request).whenFailure { error in
            // The write never reached the handler when the channel had already closed.
            reply.fail(RedisChannelHandler.redisError(for: error))
        }
        return reply.futureResult
    }

    /// Sends a command and returns its reply (an error reply is a value here, not a thrown error).
    func send(_ arguments: [ByteBuffer], expectedReplies: Int = 1) async throws -> RESPValue {
        try await write(arguments, expectedReplies: expectedReplies).get()
    }

    func close() {
        channel.close(promise: nil)
    }

    /// Waits until the connection has closed, for whatever reason.
    func closed() async {
        try? await channel.closeFuture.get()
    }

    private static func connectError(_ error: any Error, target: String, timeout: Duration) -> RedisError {
        switch error {
        case let error as RedisError:
            if case .connectionClosed = error { return .unavailable("\(target) closed the connection while it was being set up") }
            return error
        case ChannelError.connectTimeout:
            return .unavailable("connecting to \(target) timed out after \(timeout)")
        case let error as NIOSSLError:
            return .tlsFailed(String(describing: error))
        case let error as NIOSSLExtraError:
            return .tlsFailed(String(describing: error))
        default:
            return .unavailable("could not connect to \(target): \(error)")
        }
    }
}

extension String {
    /// Whether this is an IPv4 or IPv6 address rather than a host name.
    var isIPAddress: Bool {
        (try? SocketAddress(ipAddress: self, port: 0)) != nil
    }
}
