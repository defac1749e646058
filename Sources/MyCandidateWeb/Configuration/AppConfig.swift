import Foundation
import HTTPTypes
import Logging
import MyCandidateRedis
import MyCandidateStorage

/// The server's effective configuration, read from environment variables (see
/// ``EnvironmentVariable/all`` for names and defaults).
public struct AppConfig: Sendable {
    public var host: String
    public var port: Int
    public var database: DatabaseLocation
    public var migrateOnStart: Bool
    public var demoData: Bool
    public var snapshotPollInterval: Duration
    /// Where candidate names link to, with `{name}` for the name; `nil` shows plain names.
    public var candidateLink: String?
    /// How many bytes of rendered pages each instance keeps for the served dataset version.
    public var pageCacheBytes: Int
    /// How many bytes of rendered search answers each instance keeps: an eighth of the page
    /// cache, so visitors' queries, which are endless, cannot take the pages' memory.
    public var searchCacheBytes: Int { pageCacheBytes / 8 }
    /// The ballot the legacy ward endpoint resolves ward ids against.
    public var apiWardBallot: String
    /// Sustained `/api/` requests a minute per client address; 0 turns rate limiting off.
    public var rateLimitPerMinute: Int
    /// `/api/` requests a client may make at once before the per-minute rate applies.
    public var rateLimitBurst: Int
    /// Proxies whose `X-Forwarded-For` identifies the client for rate limiting.
    public var trustedProxies: TrustedProxies
    /// Whether the admin cookies are marked `Secure`.
    public var secureCookies: Bool
    /// Redis for sessions and the publish signal; `nil` keeps both in this process.
    public var redis: RedisConfiguration?
    /// Where uploaded source files are kept: shared by every instance (EFS in production).
    public var filesDirectory: String
    /// The largest upload the admin area accepts, all files together.
    public var uploadMaxBytes: Int
    public var logLevel: Logger.Level
    /// How long `serve` and `migrate` wait for the database server at start-up before giving up.
    public var startupDatabaseTimeout: Duration
    /// After SIGTERM, how long the server keeps serving, with `/readyz` answering 503, before it
    /// stops accepting connections: the time a load balancer needs to stop sending it requests.
    public var shutdownDelay: Duration
    /// The longest a shutdown may take from SIGTERM, the delay included; requests still running
    /// then are cut off. Kept under the orchestrator's stop timeout (ECS: 30 s by default).
    public var shutdownTimeout: Duration
    /// Log format, Prometheus listener, EMF lines and tracing.
    public var observability: ObservabilityConfig
    /// How long a connection may go without a whole request head: idle between requests, or
    /// sending one too slowly (see ``AppConfig/httpIdleTimeout``). Not a setting: tests shorten it.
    public var httpIdleTimeout: Duration = AppConfig.httpIdleTimeout

    /// Without an idle timeout (Hummingbird has none by default) a connection that never sends a
    /// whole request head is kept for ever: a thousand idle sockets or a slowloris client trickling
    /// a header a byte at a time hold their file descriptors and memory until the process stops.
    ///
    /// Hummingbird restarts this timer only when a whole request head (or a body part) has arrived
    /// or a response has ended, so it also bounds the time to send a head: a client must finish
    /// one within 75 s of connecting or of its last response, or it is disconnected. A handler at
    /// work and a response being written are never cut by it.
    ///
    /// Why 75 s: the ALB keeps its connections to a task open between requests and reuses them
    /// until its own idle timeout (60 s, `idle_timeout.timeout_seconds` in deploy/aws/app.yaml). If
    /// the server closed an idle connection first, a request the ALB sent on it at that moment
    /// would meet a closed socket and the voter would get a 502. So the server must wait longer
    /// than the ALB: 60 s plus a margin. The ALB's 60 s is not lowered instead, since it also
    /// bounds how long a request may go without a byte (an admin import working before it
    /// answers), matched to CloudFront's 60 s origin read timeout (deploy/aws/edge.yaml).
    public static let httpIdleTimeout: Duration = .seconds(75)

    public init(
        host: String = "127.0.0.1",
        port: Int = 8080,
        database: DatabaseLocation,
        migrateOnStart: Bool? = nil,
        demoData: Bool? = nil,
        snapshotPollInterval: Duration = .seconds(5),
        pageCacheBytes: Int = 64 << 20,
        candidateLink: String? = nil,
        apiWardBallot: String = "ward",
        rateLimitPerMinute: Int = 600,
        rateLimitBurst: Int = 120,
        trustedProxies: TrustedProxies = .none,
        secureCookies: Bool? = nil,
        redis: RedisConfiguration? = nil,
        filesDirectory: String = "data/files",
        uploadMaxBytes: Int = 50 << 20,
        logLevel: Logger.Level = .info,
        startupDatabaseTimeout: Duration = .seconds(60),
        shutdownDelay: Duration? = nil,
        shutdownTimeout: Duration = .seconds(25),
        observability: ObservabilityConfig = ObservabilityConfig()
    ) {
        self.host = host
        self.port = port
        self.database = database
        self.migrateOnStart = migrateOnStart ?? database.isEmbedded
        self.demoData = demoData ?? database.isEmbedded
        self.snapshotPollInterval = snapshotPollInterval
        self.pageCacheBytes = pageCacheBytes
        self.candidateLink = candidateLink
        self.apiWardBallot = apiWardBallot
        self.rateLimitPerMinute = rateLimitPerMinute
        self.rateLimitBurst = rateLimitBurst
        self.trustedProxies = trustedProxies
        // The embedded setup is a laptop on plain HTTP; anything with a database server is not.
        self.secureCookies = secureCookies ?? !database.isEmbedded
        self.redis = redis
        self.filesDirectory = filesDirectory
        self.uploadMaxBytes = uploadMaxBytes
        self.logLevel = logLevel
        self.startupDatabaseTimeout = startupDatabaseTimeout
        // Behind a load balancer (any setup with a database server) the delay lets it deregister
        // the task; on a laptop nothing routes to the process, so Ctrl-C stops it at once.
        self.shutdownDelay = shutdownDelay ?? (database.isEmbedded ? .zero : .seconds(5))
        self.shutdownTimeout = shutdownTimeout
        self.observability = observability
    }

    /// Reads the configuration from `environment`, collecting every invalid value so an
    /// operator can fix them all at once.
    public init(environment: [String: String]) throws(ConfigError) {
        var problems: [String] = []
        let settings = SettingsReader(environment: environment)
        func value(_ name: String) -> String? { settings.value(name) }
        func bool(_ name: String) -> Bool? { settings.bool(name, problems: &problems) }
        func int(_ name: String, default fallback: Int, range: ClosedRange<Int>) -> Int {
            settings.int(name, default: fallback, range: range, problems: &problems)
        }

        let host = value("HOST") ?? "127.0.0.1"
        let port = int("PORT", default: 8080, range: 1...65535)
        let poll = int("SNAPSHOT_POLL_SECONDS", default: 5, range: 1...3600)
        let pageCacheMB = int("PAGE_CACHE_MB", default: 64, range: 0...4096)
        let ratePerMinute = int("RATE_LIMIT_PER_MINUTE", default: 600, range: 0...1_000_000)
        let rateBurst = int("RATE_LIMIT_BURST", default: 120, range: 1...1_000_000)
        let uploadMaxMB = int("UPLOAD_MAX_MB", default: 50, range: 1...1024)
        let startupDatabaseSeconds = int("STARTUP_DB_TIMEOUT", default: 60, range: 0...3600)
        let shutdownTimeoutSeconds = int("SHUTDOWN_TIMEOUT", default: 25, range: 1...3600)
        let shutdownDelaySeconds = value("SHUTDOWN_DELAY") == nil ? nil : int("SHUTDOWN_DELAY", default: 0, range: 0...3600)
        var trustedProxies = TrustedProxies.none
        if let raw = value("TRUSTED_PROXIES") {
            do throws(TrustedProxies.InvalidEntries) {
                trustedProxies = try TrustedProxies(parsing: raw)
            } catch {
                problems += error.entries.map {
                    "TRUSTED_PROXIES entry \($0) is not an IP address or CIDR range (such as 10.0.0.0/16 or 2001:db8::/32)"
                }
            }
        }
        if let raw = value("CLIENT_ADDRESS_HEADER") {
            if let name = HTTPField.Name(raw) {
                trustedProxies.clientAddressHeader = name
            } else {
                problems.append("CLIENT_ADDRESS_HEADER=\(raw) is not an HTTP header name")
            }
            // Only a trusted peer's header is believed; without one the setting would do nothing.
            if value("TRUSTED_PROXIES") == nil {
                problems.append("CLIENT_ADDRESS_HEADER is set but TRUSTED_PROXIES is not; the header is only believed from a trusted proxy")
            }
        }
        var level = Logger.Level.info
        if let raw = value("LOG_LEVEL") {
            if let parsed = Logger.Level(rawValue: raw.lowercased()) { level = parsed } else {
                problems.append("LOG_LEVEL=\(raw) is not one of \(Logger.Level.allCases.map(\.rawValue).joined(separator: ", "))")
            }
        }
        var database = DatabaseLocation.sqlite(path: DatabaseLocation.defaultSQLitePath)
        do throws(DatabaseSettingsError) {
            // DATABASE_URL, or the DB_ parts ECS injects from the RDS-managed secret.
            database = try DatabaseLocation.fromEnvironment(environment)
        } catch {
            problems += error.problems
        }
        let candidateLink = value("CANDIDATE_LINK")
        if let candidateLink, !(candidateLink.hasPrefix("https://") && candidateLink.contains("{name}")) {
            problems.append("CANDIDATE_LINK=\(candidateLink) must be an https:// URL containing {name}")
        }
        let migrate = bool("MIGRATE_ON_START")
        let demo = bool("DEMO_DATA")
        let secureCookies = bool("SESSION_COOKIE_SECURE")
        var redis: RedisConfiguration?
        let redisAuthToken = value("REDIS_AUTH_TOKEN")
        if let url = value("REDIS_URL") {
            do { redis = try RedisConfiguration(url: url, authToken: redisAuthToken) } catch {
                // The error never quotes the URL, which may hold a password.
                problems.append("REDIS_URL: \(error)")
            }
        } else if redisAuthToken != nil {
            // Without this, a task whose REDIS_URL went missing would quietly run without Redis.
            problems.append("REDIS_AUTH_TOKEN is set but REDIS_URL is not; the token is only used with REDIS_URL")
        }
        // The delay is part of the timeout: none would be left to finish requests in.
        let effectiveDelay = shutdownDelaySeconds ?? (database.isEmbedded ? 0 : 5)
        if effectiveDelay >= shutdownTimeoutSeconds {
            let delay = shutdownDelaySeconds.map { "SHUTDOWN_DELAY=\($0)" } ?? "SHUTDOWN_DELAY (\(effectiveDelay) by default)"
            problems.append("\(delay) must be shorter than SHUTDOWN_TIMEOUT=\(shutdownTimeoutSeconds)")
        }
        let observability = ObservabilityConfig(
            environment: environment, standardOutputIsTerminal: isatty(STDOUT_FILENO) == 1, problems: &problems
        )
        if observability.metricsPort == port {
            problems.append("METRICS_PORT=\(port) is the same as PORT; the metrics listener needs a port of its own")
        }
        if !problems.isEmpty { throw ConfigError(problems: problems) }
        self.init(
            host: host, port: port, database: database, migrateOnStart: migrate, demoData: demo,
            snapshotPollInterval: .seconds(poll), pageCacheBytes: pageCacheMB << 20, candidateLink: candidateLink,
            apiWardBallot: value("API_WARD_BALLOT") ?? "ward", rateLimitPerMinute: ratePerMinute, rateLimitBurst: rateBurst,
            trustedProxies: trustedProxies, secureCookies: secureCookies, redis: redis,
            filesDirectory: value("FILES_DIR") ?? "data/files", uploadMaxBytes: uploadMaxMB << 20, logLevel: level,
            startupDatabaseTimeout: .seconds(startupDatabaseSeconds), shutdownDelay: shutdownDelaySeconds.map { .seconds($0) },
            shutdownTimeout: .seconds(shutdownTimeoutSeconds),
            observability: observability
        )
    }
}

/// Invalid configuration values, each named with the variable it came from.
public struct ConfigError: Error, CustomStringConvertible {
    public var problems: [String]
    public var description: String { "invalid configuration:\n" + problems.map { "  - " + $0 }.joined(separator: "\n") }
}

extension DatabaseLocation {
    /// The embedded setup (an SQLite file) rather than a database server run by operators.
    public var isEmbedded: Bool {
        if case .sqlite = self { return true }
        return false
    }
}
