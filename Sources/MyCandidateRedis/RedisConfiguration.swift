import Foundation

/// Where a Redis server is and how to talk to it.
///
/// Usually parsed from `REDIS_URL`, in one of these forms:
/// - `redis://host`, `redis://host:6379`: plain TCP, port 6379 by default;
/// - `redis://:password@host`: `AUTH password` (the `default` user);
/// - `redis://user:password@host`: `AUTH user password` (an ACL user, Redis 6 and later);
/// - `redis://user@host` with the password in `REDIS_AUTH_TOKEN`;
/// - `redis://host/3`: `SELECT 3` on every connection (database 0 by default);
/// - `rediss://...`: the same over TLS, as ElastiCache's in-transit encryption requires; the
///   server's certificate is verified against the system's trust roots (or ``TLS/caCertificatePath``)
///   and must name the host.
///
/// User and password are percent-decoded; an IPv6 host is written in brackets
/// (`redis://[::1]:6379`). `REDIS_AUTH_TOKEN`, when set, is the password, replacing any in the
/// URL, so the URL can stay in plain configuration while the token comes from a secret store.
public struct RedisConfiguration: Sendable, Equatable {
    /// TLS settings for `rediss://`.
    public struct TLS: Sendable, Equatable {
        /// A PEM file of CA certificates to trust instead of the system's; `nil` trusts the
        /// system's roots, which is right for ElastiCache (its certificates chain to public CAs).
        public var caCertificatePath: String?

        public init(caCertificatePath: String? = nil) {
            self.caCertificatePath = caCertificatePath
        }
    }

    /// A host name or IP address (IPv6 without brackets).
    public var host: String
    public var port: Int
    /// The ACL user for `AUTH user password`; `nil` sends `AUTH password` when there is a password.
    public var username: String?
    /// Kept out of ``description``; `nil` sends no `AUTH`.
    public var password: String?
    /// The database each connection selects; 0 sends no `SELECT`.
    public var database: Int
    /// `nil` for plain TCP.
    public var tls: TLS?
    /// How long opening a connection may take, TLS handshake, `AUTH` and `SELECT` included.
    public var connectTimeout: Duration
    /// How long a command may wait for its reply before it fails and its connection is closed.
    public var commandTimeout: Duration
    /// How many connections commands are spread over; each pipelines its commands.
    public var poolSize: Int
    /// The wait before the first retry after a failed connection attempt; it doubles with each
    /// further failure, up to ``maximumReconnectDelay``, and is jittered so instances spread out.
    public var minimumReconnectDelay: Duration
    /// The longest wait between connection attempts.
    public var maximumReconnectDelay: Duration
    /// How often the pub/sub connection, which otherwise only receives, sends `PING` to notice a
    /// server that disappeared without closing the connection.
    public var pubSubPingInterval: Duration

    public static let defaultPort = 6379

    /// Describes a server directly; the timeouts and pool have production defaults.
    public init(
        host: String,
        port: Int = RedisConfiguration.defaultPort,
        username: String? = nil,
        password: String? = nil,
        database: Int = 0,
        tls: TLS? = nil,
        connectTimeout: Duration = .seconds(2),
        commandTimeout: Duration = .seconds(1),
        poolSize: Int = 4,
        minimumReconnectDelay: Duration = .milliseconds(100),
        maximumReconnectDelay: Duration = .seconds(5),
        pubSubPingInterval: Duration = .seconds(15)
    ) {
        self.host = host
        self.port = port
        self.username = username
        self.password = password
        self.database = database
        self.tls = tls
        self.connectTimeout = connectTimeout
        self.commandTimeout = commandTimeout
        self.poolSize = poolSize
        self.minimumReconnectDelay = minimumReconnectDelay
        self.maximumReconnectDelay = maximumReconnectDelay
        self.pubSubPingInterval = pubSubPingInterval
    }

    /// Parses a `redis://` or `rediss://` URL (see the forms above); a non-empty `authToken` is
    /// the password, replacing any in the URL.
    ///
    /// - Throws: ``RedisError/invalidConfiguration(_:)`` with a reason that never quotes the
    ///   user information.
    public init(url: String, authToken: String? = nil) throws {
        self = try RedisURLParser.parse(url.trimmingCharacters(in: .whitespacesAndNewlines))
        if let authToken, !authToken.isEmpty {
            password = authToken
        }
        if username != nil, password == nil {
            throw RedisError.invalidConfiguration("the Redis URL names a user but no password (put it in the URL or REDIS_AUTH_TOKEN)")
        }
    }

    /// Reads `REDIS_URL` and `REDIS_AUTH_TOKEN`; `nil` when `REDIS_URL` is unset or empty.
    public static func fromEnvironment(
        _ environment: [String: String] = ProcessInfo.processInfo.environment
    ) throws -> RedisConfiguration? {
        let url = environment["REDIS_URL"]?.trimmingCharacters(in: .whitespacesAndNewlines) ?? ""
        let token = environment["REDIS_AUTH_TOKEN"] ?? ""
        guard !url.isEmpty else {
            if !token.isEmpty {
                throw RedisError.invalidConfiguration("REDIS_AUTH_TOKEN is set but REDIS_URL is not")
            }
            return nil
        }
        return try RedisConfiguration(url: url, authToken: token)
    }

    /// Checks the settings that are not part of the URL.
    func validate() throws {
        func invalid(_ reason: String) -> RedisError { .invalidConfiguration(reason) }
        guard !host.isEmpty else { throw invalid("the host is empty") }
        guard (1...65_535).contains(port) else { throw invalid("port \(port) is not from 1 to 65535") }
        guard database >= 0 else { throw invalid("database \(database) is negative") }
        guard poolSize >= 1 else { throw invalid("the pool size must be at least 1, not \(poolSize)") }
        guard connectTimeout > .zero, commandTimeout > .zero, pubSubPingInterval > .zero else {
            throw invalid("timeouts and the ping interval must be positive")
        }
        guard minimumReconnectDelay > .zero, minimumReconnectDelay <= maximumReconnectDelay else {
            throw invalid("the reconnect delays must be positive, the minimum no larger than the maximum")
        }
    }
}

extension RedisConfiguration: CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable {
    /// The URL with the password replaced by `***`; safe to log.
    public var description: String {
        var text = tls == nil ? "redis://" : "rediss://"
        if username != nil || password != nil {
            text += username.map(Self.percentEncoded) ?? ""
            if password != nil { text += ":***" }
            text += "@"
        }
        text += host.contains(":") ? "[\(host)]" : host
        text += ":\(port)"
        if database != 0 { text += "/\(database)" }
        return text
    }

    public var debugDescription: String { description }

    /// Redacted too, so `dump(configuration)` cannot print the password.
    public var customMirror: Mirror {
        Mirror(
            self,
            children: [
                "url": description,
                "tls": tls as Any,
                "connectTimeout": connectTimeout,
                "commandTimeout": commandTimeout,
                "poolSize": poolSize,
                "minimumReconnectDelay": minimumReconnectDelay,
                "maximumReconnectDelay": maximumReconnectDelay,
                "pubSubPingInterval": pubSubPingInterval,
            ],
            displayStyle: .struct
        )
    }

    private static func percentEncoded(_ text: String) -> String {
        var allowed = CharacterSet.urlUserAllowed
        allowed.remove(charactersIn: ":@")
        return text.addingPercentEncoding(withAllowedCharacters: allowed) ?? text
    }
}
