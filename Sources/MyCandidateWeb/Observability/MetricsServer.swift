import Hummingbird
import Logging
import Prometheus

/// The Prometheus listener: a second, minimal HTTP server with `GET /metrics` alone, on its own
/// address (`METRICS_HOST`:`METRICS_PORT`).
///
/// Apart from the site's port so the load balancer, which forwards only to `PORT`, can never
/// expose it; on loopback by default, where the ADOT sidecar in the same Fargate task (tasks
/// share one network namespace) scrapes it. It has no middleware: scrapes are neither logged nor
/// counted.
enum MetricsServer {
    /// Prometheus's text exposition format, version 0.0.4.
    static let contentType = "text/plain; version=0.0.4; charset=utf-8"

    /// The server as a service for the application's service group.
    ///
    /// - Parameter beforeScrape: brings gauges up to date (the snapshot's age) before each scrape.
    static func application(
        host: String, port: Int, registry: PrometheusCollectorRegistry, logger: Logger,
        beforeScrape: @escaping @Sendable () -> Void
    ) -> some ApplicationProtocol {
        let router = Router()
        router.get("/metrics") { _, _ -> Response in
            beforeScrape()
            var buffer = ByteBuffer()
            buffer.writeBytes(registry.emitToBuffer())
            return Response(status: .ok, headers: [.contentType: contentType], body: ResponseBody(byteBuffer: buffer))
        }
        let address = "http://\(host):\(port)/metrics"
        return Application(
            router: router,
            configuration: .init(address: .hostname(host, port: port), serverName: nil),
            onServerRunning: { _ in logger.info("Prometheus metrics at \(address)") },
            logger: logger
        )
    }
}
