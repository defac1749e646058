/// One environment variable the server reads: the single place its name, default and meaning
/// are written down. The README's configuration table is checked against ``all`` by a test.
public struct EnvironmentVariable: Sendable, Equatable {
    /// Whether a variable's value may be shown (by `mycandidate config check`, in logs, in errors).
    public enum Secrecy: Sendable, Equatable {
        /// Safe to show.
        case none
        /// Never shown, not even in part: only whether it is set.
        case secret
        /// A URL that may carry a password: shown with the password replaced by `***`, and not at
        /// all when it does not parse (it might be a password pasted into the wrong place).
        case passwordInURL
    }

    public var name: String
    /// The default as shown to operators.
    public var defaultValue: String
    public var meaning: String
    /// How much of the value may be shown; `.none` for ordinary settings.
    public var secrecy: Secrecy

    /// Describes a variable; only secrets need `secrecy`.
    public init(name: String, defaultValue: String, meaning: String, secrecy: Secrecy = .none) {
        self.name = name
        self.defaultValue = defaultValue
        self.meaning = meaning
        self.secrecy = secrecy
    }

    /// The row documenting this variable in the README's configuration table.
    public var markdownRow: String { "| `\(name)` | \(defaultValue) | \(meaning) |" }

    /// Every variable MyCandidate reads, in the order the README documents them.
    public static let all: [EnvironmentVariable] = [
        .init(
            name: "HOST", defaultValue: "127.0.0.1",
            meaning: "Address the HTTP server listens on (`0.0.0.0` in a container)."
        ),
        .init(name: "PORT", defaultValue: "8080", meaning: "TCP port the HTTP server listens on."),
        .init(
            name: "DATABASE_URL", defaultValue: "sqlite:./data/mycandidate.sqlite",
            meaning: "`postgres://user:password@host:5432/db[?sslmode=verify-full]` for PostgreSQL, or `sqlite:PATH` for an SQLite file; `sslmode` is disable, prefer (the default), require or verify-full (the default with `DB_CA_FILE`). Not together with the `DB_` parts below.",
            secrecy: .passwordInURL
        ),
        .init(
            name: "DB_HOST", defaultValue: "unset (`DATABASE_URL` is used)",
            meaning: "PostgreSQL host when the database comes in parts, as ECS injects them from the RDS-managed secret; read only when `DATABASE_URL` is unset."
        ),
        .init(name: "DB_PORT", defaultValue: "5432", meaning: "PostgreSQL port, with `DB_HOST`."),
        .init(name: "DB_NAME", defaultValue: "same as `DB_USER`", meaning: "PostgreSQL database, with `DB_HOST`."),
        .init(name: "DB_USER", defaultValue: "unset (required with `DB_HOST`)", meaning: "PostgreSQL user, with `DB_HOST`."),
        .init(
            name: "DB_PASSWORD", defaultValue: "unset",
            meaning: "PostgreSQL password, with `DB_HOST`; a secret, taken exactly as given and never shown.",
            secrecy: .secret
        ),
        .init(
            name: "DB_TLS", defaultValue: "verify-full with `DB_CA_FILE`, otherwise require",
            meaning: "TLS to PostgreSQL with `DB_HOST`: require (encrypted, certificate not checked) or verify-full (certificate checked against `DB_CA_FILE` and the host name); disable and prefer only for a local server."
        ),
        .init(
            name: "DB_CA_FILE", defaultValue: "unset (verify-full trusts the system's CAs)",
            meaning: "PEM file of the CA certificates verify-full trusts instead of the system's, for RDS the bundle AWS publishes (e.g. `global-bundle.pem`); with `DB_HOST` or `DATABASE_URL`. Any mode other than verify-full with it is refused."
        ),
        .init(
            name: "MIGRATE_ON_START", defaultValue: "true for SQLite, false for PostgreSQL",
            meaning: "Apply pending migrations when `serve` starts. In production migrations run as `mycandidate migrate`."
        ),
        .init(
            name: "DEMO_DATA", defaultValue: "true for SQLite, false for PostgreSQL",
            meaning: "When the database holds no dataset at all, import and publish the bundled synthetic demo dataset."
        ),
        .init(
            name: "SNAPSHOT_POLL_SECONDS", defaultValue: "5",
            meaning: "How often each instance checks which dataset version is published and swaps its snapshot."
        ),
        .init(
            name: "PAGE_CACHE_MB", defaultValue: "64",
            meaning: "Memory each instance may use for rendered pages of the served dataset version, and an eighth of it again for area searches asked often (0 turns both caches off)."
        ),
        .init(
            name: "CANDIDATE_LINK", defaultValue: "unset (names are not links)",
            meaning: "An https:// URL with `{name}` where candidate names should link, e.g. a news search; off by default so the site sends voters nowhere external."
        ),
        .init(
            name: "API_WARD_BALLOT", defaultValue: "ward",
            meaning: "The ballot whose areas `/api/v1/wards/{ward_id}/candidates` looks up, for clients of the older ward endpoint."
        ),
        .init(
            name: "RATE_LIMIT_PER_MINUTE", defaultValue: "600",
            meaning: "Sustained requests a minute each client address may make to `/api/` (0 turns rate limiting off)."
        ),
        .init(
            name: "RATE_LIMIT_BURST", defaultValue: "120",
            meaning: "Requests to `/api/` a client address may make at once before the per-minute rate applies."
        ),
        .init(
            name: "TRUSTED_PROXIES", defaultValue: "empty (no proxy is trusted)",
            meaning: "Comma-separated CIDR ranges or addresses of proxies whose `X-Forwarded-For` names the client, e.g. the VPC's CIDR so the ALB's header is believed."
        ),
        .init(
            name: "CLIENT_ADDRESS_HEADER", defaultValue: "empty (none)",
            meaning: "A header holding the client as `address:port`, believed before `X-Forwarded-For` when a trusted proxy passes it on: `CloudFront-Viewer-Address` behind CloudFront, whose edge would otherwise be the client."
        ),
        .init(
            name: "REDIS_URL", defaultValue: "unset (everything in-process)",
            meaning: "`redis://[user:password@]host:6379[/db]`, or `rediss://...` for TLS (ElastiCache in-transit encryption): admin sessions and the signal that swaps every instance's snapshot at once.",
            secrecy: .passwordInURL
        ),
        .init(
            name: "REDIS_AUTH_TOKEN", defaultValue: "unset",
            meaning: "The Redis password (ElastiCache AUTH token) when it is kept apart from `REDIS_URL`, as ECS injects it from Secrets Manager; a secret, never shown.",
            secrecy: .secret
        ),
        .init(
            name: "SESSION_COOKIE_SECURE", defaultValue: "true for PostgreSQL, false for SQLite",
            meaning: "Mark the admin session cookie `Secure` (sent over HTTPS only); only a local HTTP setup turns it off."
        ),
        .init(
            name: "FILES_DIR", defaultValue: "data/files",
            meaning: "Folder for files uploaded in the admin area, kept per dataset version; in production the EFS mount every instance shares."
        ),
        .init(
            name: "UPLOAD_MAX_MB", defaultValue: "50",
            meaning: "Largest admin upload (a workbook and its CSV files together), in megabytes."
        ),
        .init(
            name: "LOG_LEVEL", defaultValue: "info",
            meaning: "One of trace, debug, info, notice, warning, error, critical."
        ),
        .init(
            name: "STARTUP_DB_TIMEOUT", defaultValue: "60",
            meaning: "Seconds `serve` and `migrate` wait for the database server at start-up, retrying with backoff and logging why, before they exit with an error (0: try once)."
        ),
        .init(
            name: "SHUTDOWN_DELAY", defaultValue: "5 for PostgreSQL, 0 for SQLite",
            meaning: "Seconds the server keeps serving after SIGTERM, with `/readyz` answering 503, before it stops accepting connections, so the load balancer stops sending it requests first."
        ),
        .init(
            name: "SHUTDOWN_TIMEOUT", defaultValue: "25",
            meaning: "Seconds from SIGTERM, the delay included, within which in-flight requests must finish before they are cut off; keep it under the ECS stop timeout (30 s by default)."
        ),
        .init(
            name: "LOG_FORMAT", defaultValue: "json (text when stdout is a terminal)",
            meaning: "`json`: one JSON object per line on stdout (for CloudWatch Logs); `text`: plain lines."
        ),
        .init(
            name: "METRICS_HOST", defaultValue: "127.0.0.1",
            meaning: "Address the Prometheus listener binds; loopback keeps it to the task's own sidecar."
        ),
        .init(
            name: "METRICS_PORT", defaultValue: "9464",
            meaning: "Port serving Prometheus text at `/metrics`, apart from `PORT` so the load balancer never exposes it (0 turns it off)."
        ),
        .init(
            name: "METRICS_EMF", defaultValue: "false",
            meaning: "Also write the metrics to stdout as CloudWatch Embedded Metric Format lines, which CloudWatch Logs turns into metrics with no agent."
        ),
        .init(
            name: "METRICS_EMF_INTERVAL", defaultValue: "60",
            meaning: "Seconds between EMF flushes; each covers the requests since the last."
        ),
        .init(
            name: "TRACING_ENABLED", defaultValue: "false",
            meaning: "Make spans (requests, database, Redis) and send them over OTLP/HTTP to the collector."
        ),
        .init(
            name: "OTEL_EXPORTER_OTLP_ENDPOINT", defaultValue: "http://127.0.0.1:4318",
            meaning: "The OTLP/HTTP collector (the ADOT sidecar); spans go to its `/v1/traces`. Other `OTEL_*` variables (such as `OTEL_TRACES_SAMPLER`) are read by swift-otel."
        ),
        .init(
            name: "OTEL_SERVICE_NAME", defaultValue: "mycandidate",
            meaning: "The service name spans carry (X-Ray shows it as the node's name)."
        ),
    ]
}
