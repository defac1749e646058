import Logging
import NIOCore
import NIOPosix
import NIOSSL
import Tracing

/// A Redis client: a small pool of pipelined connections for commands, and one more connection
/// for pub/sub.
///
/// Written for this project on SwiftNIO because no Redis package is resolvable here. It speaks
/// RESP2 to one server (a standalone Redis or an ElastiCache primary endpoint), with `AUTH`
/// (password, or ACL user and password), `SELECT`, TLS (`rediss://`) and timeouts; see
/// ``RedisConfiguration`` for the URL forms. It does not do cluster mode (no `MOVED`/`ASK`
/// redirects), RESP3, Sentinel, transactions on a pinned connection, or blocking commands
/// (`BLPOP` and the like would hold a pooled connection and trip the command timeout).
///
/// Connections open lazily, on first use. When Redis goes away, commands fail quickly with
/// ``RedisError/unavailable(_:)`` (or the error in flight) and the client reconnects on its own,
/// with exponential backoff and jitter, once commands come again; subscriptions are renewed by a
/// background loop. Call ``shutdown()`` before the client is released.
public final class RedisClient: Sendable {
    public let configuration: RedisConfiguration
    private let pool: RedisConnectionPool
    private let subscriber: RedisSubscriber
    /// Makes a client span per command, under the current span, when tracing is on; `nil` costs
    /// nothing.
    private let tracer: (any Tracer)?

    /// Checks the configuration and prepares TLS; connects only when first used.
    ///
    /// - Parameter tracer: with one, each command sent while a span is current gets a client
    ///   span named after the command.
    /// - Throws: ``RedisError/invalidConfiguration(_:)`` for unusable settings, and
    ///   ``RedisError/tlsFailed(_:)`` when the CA file cannot be loaded.
    public init(
        configuration: RedisConfiguration,
        eventLoopGroup: any EventLoopGroup = MultiThreadedEventLoopGroup.singleton,
        logger: Logger = Logger(label: "mycandidate.redis"),
        tracer: (any Tracer)? = nil
    ) throws {
        try configuration.validate()
        var sslContext: NIOSSLContext?
        if let tls = configuration.tls {
            var tlsConfiguration = TLSConfiguration.makeClientConfiguration()
            tlsConfiguration.certificateVerification = .fullVerification
            if let path = tls.caCertificatePath {
                tlsConfiguration.trustRoots = .file(path)
            }
            do {
                sslContext = try NIOSSLContext(configuration: tlsConfiguration)
            } catch {
                throw RedisError.tlsFailed("cannot use the CA certificates: \(error)")
            }
        }
        self.configuration = configuration
        self.tracer = tracer
        pool = RedisConnectionPool(configuration: configuration, sslContext: sslContext, eventLoopGroup: eventLoopGroup, logger: logger)
        subscriber = RedisSubscriber(configuration: configuration, sslContext: sslContext, eventLoopGroup: eventLoopGroup, logger: logger)
    }

    /// Sends a command, such as `["HSET", "key", "field", "value"]`, and returns the reply.
    ///
    /// - Throws: ``RedisError/server(_:)`` for an error reply, and the connection errors of
    ///   ``RedisError``.
    public func send(_ command: [String]) async throws -> RESPValue {
        try await send(buffers: command.map { ByteBuffer(string: $0) })
    }

    /// Sends a command whose arguments are arbitrary bytes.
    public func send(buffers command: [ByteBuffer]) async throws -> RESPValue {
        guard !command.isEmpty else { throw RedisError.invalidArgument("the command is empty") }
        // A command is traced as part of something else that is (a request): a background
        // command (a health PING, a lock renewal) as a trace of its own would be noise.
        guard let tracer, let parent = ServiceContext.current else { return try await execute(command) }
        // The span names the command alone: its arguments hold session ids and such.
        let name = String(buffer: command[0]).uppercased()
        let span = tracer.startSpan(name, context: parent, ofKind: .client)
        span.updateAttributes { attributes in
            attributes["db.system"] = "redis"
            attributes["db.operation.name"] = name
        }
        defer { span.end() }
        do {
            return try await ServiceContext.$current.withValue(span.context) { try await execute(command) }
        } catch {
            span.recordError(error)
            span.setStatus(SpanStatus(code: .error))
            throw error
        }
    }

    private func execute(_ command: [ByteBuffer]) async throws -> RESPValue {
        let connection = try await pool.connection()
        let reply = try await connection.send(command)
        if case .error(let message) = reply {
            throw message.hasPrefix("NOAUTH") ? RedisError.authenticationFailed(message) : RedisError.server(message)
        }
        return reply
    }

    /// Subscribes to `channels`; the stream yields every message published on them from the
    /// moment the server confirms the subscription, and ends at ``shutdown()``.
    ///
    /// Returns once the subscription is confirmed, or once the current connection attempt failed:
    /// then the subscription stays registered and is made as soon as Redis can be reached.
    /// Messages published while the pub/sub connection is down are lost. Stopping iteration
    /// unsubscribes (channels nobody else listens to). A reader that falls more than
    /// 10,000 messages behind loses the oldest.
    public func subscribe(to channels: [String]) async throws -> AsyncStream<RedisMessage> {
        try await subscriber.subscribe(to: channels)
    }

    /// Closes every connection and ends every subscription stream; later calls fail with
    /// ``RedisError/shutdown``. What the app's service lifecycle calls on the way out.
    public func shutdown() async {
        await subscriber.shutdown()
        await pool.shutdown()
    }
}
