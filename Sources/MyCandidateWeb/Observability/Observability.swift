import CoreMetrics
import Logging
import MyCandidateCache
import MyCandidateRedis
import OTel
import Prometheus
import ServiceLifecycle
import Tracing

/// Logs, metrics and traces for one application, made from ``ObservabilityConfig``: the log
/// handlers, the metrics (a Prometheus registry, and EMF when on), the tracer (when on) and the
/// services that export them.
///
/// Nothing here touches swift-log's, swift-metrics' or swift-distributed-tracing's process-wide
/// bootstrap: each application gets its own instances, handed to whatever records, so a test can
/// run several applications in one process and read each one's output.
/// ``bootstrapLogging(for:)`` sets the process-wide log handler once, for `serve`.
struct Observability: Sendable {
    let config: ObservabilityConfig
    let logLevel: Logger.Level
    /// Where log and EMF lines go.
    let output: LogOutput
    let registry: PrometheusCollectorRegistry
    let emf: EMFMetricsFactory?
    let metrics: AppMetrics
    /// `nil` when tracing is off.
    let tracer: (any Tracer)?
    /// Adds the current span's `trace_id` and `span_id` to log lines; `nil` when tracing is off.
    let metadataProvider: Logger.MetadataProvider?
    private let tracingService: (any Service)?

    /// Where spans come from.
    enum TracingBackend {
        /// swift-otel's tracer exporting over OTLP/HTTP when ``ObservabilityConfig/tracingEnabled``.
        case fromConfiguration
        /// A given tracer (tests), with the metadata provider that finds its span ids.
        case custom(any Tracer, metadataProvider: Logger.MetadataProvider?)
    }

    /// Makes the handlers, metrics and tracer; nothing runs until ``services(store:redis:logger:)``
    /// are started.
    ///
    /// - Throws: swift-otel's error for an unusable tracing configuration.
    init(_ config: ObservabilityConfig, logLevel: Logger.Level, output: LogOutput = .standardOutput, tracing: TracingBackend = .fromConfiguration) throws {
        self.config = config
        self.logLevel = logLevel
        self.output = output
        registry = PrometheusCollectorRegistry()
        var prometheus = PrometheusMetricsFactory(registry: registry)
        // The public pages answer from memory in well under a millisecond, and an import's
        // write can take minutes: the default buckets (5 ms to 10 s) would see neither.
        prometheus.defaultDurationHistogramBuckets = [
            .microseconds(250), .microseconds(500), .milliseconds(1), .milliseconds(2.5), .milliseconds(5), .milliseconds(10),
            .milliseconds(25), .milliseconds(50), .milliseconds(100), .milliseconds(250), .milliseconds(500), .seconds(1),
            .seconds(2.5), .seconds(5), .seconds(10), .seconds(30), .seconds(60), .seconds(300),
        ]
        emf = config.emf ? EMFMetricsFactory() : nil
        let factory: any MetricsFactory = emf.map { MultiplexMetricsHandler(factories: [prometheus, $0]) } ?? prometheus
        metrics = AppMetrics(factory: factory)

        switch tracing {
        case .custom(let tracer, let provider):
            self.tracer = tracer
            metadataProvider = provider
            tracingService = nil
        case .fromConfiguration where config.tracingEnabled:
            var otel = OTel.Configuration.default
            otel.serviceName = config.serviceName
            otel.logs.enabled = false
            otel.metrics.enabled = false
            otel.traces.enabled = true
            otel.traces.otlpExporter.protocol = .httpProtobuf
            // An endpoint set in code is used as it is, so the signal's path goes on here; an
            // OTEL_EXPORTER_OTLP_ENDPOINT in the environment is read again by swift-otel, which
            // adds the same path. 127.0.0.1 rather than localhost: the sidecar listens on IPv4.
            var base = config.otlpEndpoint ?? "http://127.0.0.1:4318"
            while base.hasSuffix("/") { base.removeLast() }
            otel.traces.otlpExporter.endpoint = base + "/v1/traces"
            otel.diagnosticLogger = .custom(Self.logger(label: "mycandidate.otel", config: config, level: logLevel, output: output, metadataProvider: nil))
            let backend = try OTel.makeTracingBackend(configuration: otel)
            self.tracer = backend.factory
            metadataProvider = OTel.makeLoggingMetadataProvider()
            tracingService = backend.service
        case .fromConfiguration:
            tracer = nil
            metadataProvider = nil
            tracingService = nil
        }
    }

    /// A logger in the configured format and level, writing to ``output``.
    func logger(label: String) -> Logger {
        Self.logger(label: label, config: config, level: logLevel, output: output, metadataProvider: metadataProvider)
    }

    private static func logger(
        label: String, config: ObservabilityConfig, level: Logger.Level, output: LogOutput, metadataProvider: Logger.MetadataProvider?
    ) -> Logger {
        var logger = Logger(label: label, factory: { label, provider in
            handler(label: label, format: config.logFormat, output: output, metadataProvider: provider ?? metadataProvider)
        })
        logger.logLevel = level
        return logger
    }

    /// The handler for one logger: JSON lines to `output`, or swift-log's text lines on stdout.
    static func handler(label: String, format: LogFormat, output: LogOutput, metadataProvider: Logger.MetadataProvider?) -> any LogHandler {
        switch format {
        case .json: JSONLogHandler(label: label, output: output, metadataProvider: metadataProvider)
        case .text: StreamLogHandler.standardOutput(label: label, metadataProvider: metadataProvider)
        }
    }

    /// The middleware that observes every request; the router's first.
    func middleware<Context>(trustedProxies: TrustedProxies, context: Context.Type = Context.self) -> ObservabilityMiddleware<Context> {
        ObservabilityMiddleware(metrics: metrics, tracer: tracer, trustedProxies: trustedProxies)
    }

    /// The services that export what is recorded. `first` go at the head of the application's
    /// services, so they stop last (services stop in reverse order): the final EMF flush and the
    /// span export then include the last requests. `last` go at the end, so they stop before the
    /// Redis client they use.
    func services(store: SnapshotStore, redis: RedisClient?, logger: Logger) -> (first: [any Service], last: [any Service]) {
        var first: [any Service] = []
        if let tracingService { first.append(tracingService) }
        let metrics = self.metrics
        if let emf {
            first.append(EMFFlushService(factory: emf, interval: config.emfInterval, output: output) { metrics.sample(store) })
        }
        if config.metricsPort > 0 {
            first.append(MetricsServer.application(
                host: config.metricsHost, port: config.metricsPort, registry: registry, logger: logger
            ) { metrics.sample(store) })
        }
        var last: [any Service] = []
        if let redis { last.append(RedisHealthProbe(client: redis, factory: metrics.factory)) }
        return (first, last)
    }
}

/// Asks Redis `PING` every 10 seconds, for `mycandidate_redis_up` and the ping's duration. Its
/// metrics exist only with Redis, so an instance without one reports no "Redis down".
struct RedisHealthProbe: Service {
    let client: RedisClient
    /// 1 while Redis answers `PING`, 0 when it does not.
    let up: CoreMetrics.Gauge
    /// How long Redis takes to answer `PING`.
    let ping: CoreMetrics.Timer
    let interval: Duration

    init(client: RedisClient, factory: any MetricsFactory, interval: Duration = .seconds(10)) {
        self.client = client
        up = CoreMetrics.Gauge(label: "mycandidate_redis_up", factory: factory)
        ping = CoreMetrics.Timer(label: "mycandidate_redis_ping_duration_seconds", factory: factory)
        self.interval = interval
    }

    func run() async throws {
        try? await cancelWhenGracefulShutdown {
            while !Task.isCancelled {
                let start = ContinuousClock.now
                do {
                    _ = try await client.send(["PING"])
                    ping.record(duration: ContinuousClock.now - start)
                    up.record(1)
                } catch {
                    up.record(0)
                }
                try await Task.sleep(for: interval)
            }
        }
    }
}

/// Sets the process-wide log handler to the configured format, so loggers made by libraries
/// (the service group's, swift-otel's) write the same lines as the server's own. Call once, at
/// the start of `serve`; the other commands keep swift-log's default, on standard error, so their
/// standard output stays theirs (`--json`).
public func bootstrapLogging(for config: AppConfig) {
    let format = config.observability.logFormat
    let level = config.logLevel
    LoggingSystem.bootstrap({ label, provider in
        var handler = Observability.handler(label: label, format: format, output: .standardOutput, metadataProvider: provider)
        handler.logLevel = level
        return handler
    }, metadataProvider: config.observability.tracingEnabled ? OTel.makeLoggingMetadataProvider() : nil)
}
