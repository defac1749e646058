import Foundation

/// How log lines are written to standard output.
public enum LogFormat: String, Sendable, CaseIterable {
    /// One JSON object per line, for CloudWatch Logs (the awslogs driver keeps each line as an event).
    case json
    /// swift-log's plain text lines, easier to read in a terminal.
    case text
}

/// Settings for logs, metrics and traces (see the README's "Logs, metrics and traces"); part of
/// ``AppConfig``.
public struct ObservabilityConfig: Sendable {
    /// JSON lines or plain text.
    public var logFormat: LogFormat
    /// Address of the Prometheus listener: loopback by default, so only the task's own sidecar
    /// (which shares its network namespace on Fargate) can scrape it.
    public var metricsHost: String
    /// Port of the Prometheus listener; 0 turns it off. Not the application's port, so the load
    /// balancer, which forwards to `PORT` alone, never exposes it.
    public var metricsPort: Int
    /// Whether to write CloudWatch Embedded Metric Format lines to standard output.
    public var emf: Bool
    /// How often the EMF lines are written, each covering the time since the previous ones.
    public var emfInterval: Duration
    /// Whether spans are made and exported over OTLP.
    public var tracingEnabled: Bool
    /// Where OTLP/HTTP spans go; `nil` takes swift-otel's reading of the `OTEL_*` variables, or the
    /// sidecar on `http://127.0.0.1:4318`.
    public var otlpEndpoint: String?
    /// The `service.name` resource attribute spans carry.
    public var serviceName: String

    /// The programmatic defaults. Unlike the environment's defaults the Prometheus listener is off
    /// here, so tests (which start many servers at once) do not fight over one port.
    public init(
        logFormat: LogFormat = .json,
        metricsHost: String = "127.0.0.1",
        metricsPort: Int = 0,
        emf: Bool = false,
        emfInterval: Duration = .seconds(60),
        tracingEnabled: Bool = false,
        otlpEndpoint: String? = nil,
        serviceName: String = "mycandidate"
    ) {
        self.logFormat = logFormat
        self.metricsHost = metricsHost
        self.metricsPort = metricsPort
        self.emf = emf
        self.emfInterval = emfInterval
        self.tracingEnabled = tracingEnabled
        self.otlpEndpoint = otlpEndpoint
        self.serviceName = serviceName
    }

    /// The default Prometheus port when `METRICS_PORT` is unset: OpenTelemetry's registered port
    /// for a Prometheus exporter, clear of Prometheus's own 9090 on a developer's machine.
    public static let defaultMetricsPort = 9464

    /// Reads the settings from `environment`, adding a line to `problems` for every invalid value.
    ///
    /// - Parameter standardOutputIsTerminal: decides `LOG_FORMAT` when it is unset: plain text at
    ///   a terminal, JSON everywhere else (a container's stdout is a pipe).
    init(environment: [String: String], standardOutputIsTerminal: Bool, problems: inout [String]) {
        let settings = SettingsReader(environment: environment)
        func value(_ name: String) -> String? { settings.value(name) }
        func bool(_ name: String, default fallback: Bool) -> Bool { settings.bool(name, problems: &problems) ?? fallback }
        func int(_ name: String, default fallback: Int, range: ClosedRange<Int>) -> Int {
            settings.int(name, default: fallback, range: range, problems: &problems)
        }

        var format: LogFormat = standardOutputIsTerminal ? .text : .json
        if let raw = value("LOG_FORMAT") {
            if let parsed = LogFormat(rawValue: raw.lowercased()) { format = parsed } else {
                problems.append("LOG_FORMAT=\(raw) is not one of json, text")
            }
        }
        let endpoint = value("OTEL_EXPORTER_OTLP_ENDPOINT")
        if let endpoint, !(endpoint.hasPrefix("http://") || endpoint.hasPrefix("https://")) {
            problems.append("OTEL_EXPORTER_OTLP_ENDPOINT=\(endpoint) must start with http:// or https://")
        }
        self.init(
            logFormat: format,
            metricsHost: value("METRICS_HOST") ?? "127.0.0.1",
            metricsPort: int("METRICS_PORT", default: Self.defaultMetricsPort, range: 0...65535),
            emf: bool("METRICS_EMF", default: false),
            emfInterval: .seconds(int("METRICS_EMF_INTERVAL", default: 60, range: 1...3600)),
            tracingEnabled: bool("TRACING_ENABLED", default: false),
            otlpEndpoint: endpoint,
            serviceName: value("OTEL_SERVICE_NAME") ?? "mycandidate"
        )
    }
}
