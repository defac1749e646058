@testable import MyCandidateWeb
import Testing

@Suite struct ObservabilityConfigTests {
    private func parse(_ environment: [String: String], terminal: Bool = false) -> (ObservabilityConfig, [String]) {
        var problems: [String] = []
        let config = ObservabilityConfig(environment: environment, standardOutputIsTerminal: terminal, problems: &problems)
        return (config, problems)
    }

    @Test func defaultsSuitTheContainer() {
        let (config, problems) = parse([:])
        #expect(problems.isEmpty)
        #expect(config.logFormat == .json)
        #expect(config.metricsHost == "127.0.0.1")
        #expect(config.metricsPort == 9464)
        #expect(!config.emf)
        #expect(config.emfInterval == .seconds(60))
        #expect(!config.tracingEnabled)
        #expect(config.otlpEndpoint == nil)
        #expect(config.serviceName == "mycandidate")
        // At a terminal the default is text.
        #expect(parse([:], terminal: true).0.logFormat == .text)
        #expect(parse(["LOG_FORMAT": "JSON"], terminal: true).0.logFormat == .json)
    }

    @Test func everySettingIsRead() {
        let (config, problems) = parse([
            "LOG_FORMAT": "text", "METRICS_HOST": "0.0.0.0", "METRICS_PORT": "9100", "METRICS_EMF": "true",
            "METRICS_EMF_INTERVAL": "15", "TRACING_ENABLED": "yes", "OTEL_EXPORTER_OTLP_ENDPOINT": "http://collector:4318",
            "OTEL_SERVICE_NAME": "mycandidate-ke",
        ])
        #expect(problems.isEmpty)
        #expect(config.logFormat == .text)
        #expect(config.metricsHost == "0.0.0.0")
        #expect(config.metricsPort == 9100)
        #expect(config.emf)
        #expect(config.emfInterval == .seconds(15))
        #expect(config.tracingEnabled)
        #expect(config.otlpEndpoint == "http://collector:4318")
        #expect(config.serviceName == "mycandidate-ke")
    }

    @Test func invalidValuesAreNamed() {
        let (_, problems) = parse([
            "LOG_FORMAT": "xml", "METRICS_PORT": "70000", "METRICS_EMF": "sometimes", "METRICS_EMF_INTERVAL": "0",
            "TRACING_ENABLED": "2", "OTEL_EXPORTER_OTLP_ENDPOINT": "collector:4318",
        ])
        #expect(problems.count == 6)
        for name in ["LOG_FORMAT=xml", "METRICS_PORT=70000", "METRICS_EMF=sometimes", "METRICS_EMF_INTERVAL=0", "TRACING_ENABLED=2", "OTEL_EXPORTER_OTLP_ENDPOINT=collector:4318"] {
            #expect(problems.contains { $0.hasPrefix(name) }, "\(name)")
        }
    }

    @Test func theMetricsPortCannotBeTheSitePort() {
        #expect(throws: ConfigError.self) { try AppConfig(environment: ["PORT": "9464"]) }
        #expect(throws: Never.self) { try AppConfig(environment: ["PORT": "9464", "METRICS_PORT": "0"]) }
    }

    /// Tests start many apps at once: in code the listener is off unless asked for.
    @Test func inCodeTheMetricsListenerIsOff() throws {
        #expect(ObservabilityConfig().metricsPort == 0)
    }
}
