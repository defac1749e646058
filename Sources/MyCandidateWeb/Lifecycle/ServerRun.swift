import Hummingbird
import Logging
import ServiceLifecycle

/// Builds the server from `config` and runs it until SIGTERM or SIGINT, then stops it in the
/// order a load balancer needs:
///
/// 1. `/readyz` answers 503 (`shutting_down`) at once, while every other request is still served;
/// 2. after `SHUTDOWN_DELAY` the listener closes and idle keep-alive connections with it, and
///    the requests in flight run to their end;
/// 3. then the background services stop, and the database and Redis connections close last.
///
/// A shutdown still going `SHUTDOWN_TIMEOUT` after the signal is escalated to cancellation,
/// which cuts off whatever is left, and this function then throws ``ShutdownTimedOut``.
///
/// - Parameter services: Services to run beside the server (a telemetry exporter, say); they
///   start before it and stop after it has drained, so they see its last requests.
public func runServer(_ config: AppConfig, services: [any Service] = []) async throws {
    var logger = Logger(label: "mycandidate")
    logger.logLevel = config.logLevel
    let shutdown = ShutdownState()
    let app = try await buildApplication(config, rateLimitClock: TokenBucketLimiter.continuousNow(), shutdown: shutdown)
    let delay = ShutdownDelay(state: shutdown, delay: config.shutdownDelay, timeout: config.shutdownTimeout, logger: logger)
    // Services stop in reverse order: the delay first (readiness off, keep serving), then the
    // server (drain), then the caller's services.
    var configuration = ServiceGroupConfiguration(
        services: services.map { .init(service: $0) } + [
            // Named, because the default name prints the whole application, router and all.
            .init(service: app, serviceName: "MyCandidate"),
            .init(service: delay, serviceName: "ShutdownDelay"),
        ],
        gracefulShutdownSignals: [.sigterm, .sigint],
        logger: logger
    )
    configuration.maximumGracefulShutdownDuration = config.shutdownTimeout
    // Cancelled work that still has not stopped after this is a bug; ending the process then
    // still beats ECS's SIGKILL, which would lose the log lines saying why.
    configuration.maximumCancellationDuration = .seconds(3)

    var failure: (any Error)?
    do {
        try await ServiceGroup(configuration: configuration).run()
    } catch {
        failure = error
    }
    guard let started = shutdown.startedAt else {
        if let failure { throw failure }
        return
    }
    let took = ContinuousClock.now - started
    if took >= config.shutdownTimeout {
        logger.error("shutdown took longer than SHUTDOWN_TIMEOUT; requests still running were cut off", metadata: [
            "timeout": "\(config.shutdownTimeout.formattedSeconds)",
        ])
        throw ShutdownTimedOut(timeout: config.shutdownTimeout)
    }
    if let failure { throw failure }
    logger.notice("stopped", metadata: ["took": "\(took.formattedSeconds)"])
}

/// The server did not finish its requests within `SHUTDOWN_TIMEOUT` and they were cut off.
public struct ShutdownTimedOut: Error, CustomStringConvertible {
    public var timeout: Duration
    public var description: String {
        "requests were still running \(timeout.formattedSeconds) after the stop signal (SHUTDOWN_TIMEOUT) and were cut off"
    }
}

/// The first service to stop: on the stop signal it turns `/readyz` to 503, then keeps the
/// server serving for `delay` before letting the group stop it. A load balancer that is not
/// yet deregistering the task (a stop ECS did not start, a scale-in racing a deploy) sees the
/// failing health check and stops routing to it before the listener closes.
struct ShutdownDelay: Service {
    let state: ShutdownState
    let delay: Duration
    let timeout: Duration
    let logger: Logger

    func run() async throws {
        // Returns on graceful shutdown; throws on cancellation, which ends the delay as well.
        try? await gracefulShutdown()
        state.begin()
        logger.notice("stop requested: /readyz answers 503; serving on for SHUTDOWN_DELAY before closing the listener", metadata: [
            "shutdown_delay": "\(delay.formattedSeconds)", "shutdown_timeout": "\(timeout.formattedSeconds)",
        ])
        if delay > .zero { try? await Task.sleep(for: delay) }
        logger.notice("closing the listener; finishing the requests in flight")
    }
}
