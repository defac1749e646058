import Hummingbird
import Logging
import MyCandidateAPI
import MyCandidateCache
import MyCandidateImport
import MyCandidateRedis
import MyCandidateStorage
import NIOCore
import ServiceLifecycle

/// Wires the whole server from a configuration: storage, migrations, the demo dataset, the
/// snapshot and its refresher, and the routes. `serve` and the tests both start here.
public func buildApplication(_ config: AppConfig) async throws -> some ApplicationProtocol {
    try await buildApplication(config, rateLimitClock: TokenBucketLimiter.continuousNow())
}

/// ``buildApplication(_:)`` with the rate limiter's clock given, so tests can move time by hand,
/// the logs, metrics and traces given, so tests can read them, and the shutdown state `/readyz`
/// reports, which ``runServer(_:services:)`` sets on SIGTERM.
func buildApplication(
    _ config: AppConfig, rateLimitClock: @escaping TokenBucketLimiter.Now, observability: Observability? = nil,
    shutdown: ShutdownState = ShutdownState()
) async throws -> some ApplicationProtocol {
    let observability = try observability ?? Observability(config.observability, logLevel: config.logLevel)
    var logger = observability.logger(label: "mycandidate")
    logger.logLevel = config.logLevel

    // In a deployment the database may still be starting, or the network path not up yet:
    // wait for it (bounded, saying why) rather than fail on the first refused connection.
    try await waitForDatabase(config.database, timeout: config.startupDatabaseTimeout, logger: logger)
    // Every database call timed and, with tracing on, a span.
    let repository = InstrumentedRepository(
        try await makeRepository(config.database, logger: logger),
        location: config.database, metrics: observability.metrics, tracer: observability.tracer
    )
    do {
        if config.migrateOnStart {
            let applied = try await repository.migrate()
            if !applied.isEmpty { logger.info("migrations applied", metadata: ["names": "\(applied)"]) }
        }
        if config.demoData, try await repository.versions().isEmpty {
            let demo = try DemoDataset.importResult()
            let version = try await repository.store(demo.dataset, sources: demo.sources, publish: true)
            logger.info("bundled demo dataset published", metadata: ["version": "\(version.id)"])
        }
    } catch {
        await repository.shutdown()
        throw error
    }

    let store = SnapshotStore(tracer: observability.tracer)
    do {
        try await store.refresh(from: repository, logger: logger)
    } catch {
        await repository.shutdown()
        throw error
    }
    if store.snapshot == nil {
        logger.warning("no dataset version is published yet; pages will say so until one is")
    }

    let views = try Views(candidateLink: config.candidateLink)
    // HEAD on every page (monitors and caches ask it); the API registers its own.
    let router = Router(context: AppRequestContext.self, options: .autoGenerateHeadEndpoints)
    // First, so its span, duration and status cover everything the others do.
    router.add(middleware: observability.middleware(trustedProxies: config.trustedProxies))
    router.add(middleware: SecurityHeadersMiddleware(store: store))
    router.add(middleware: ErrorPageMiddleware(store: store, views: views))
    router.add(middleware: PercentEncodingMiddleware())
    // Before the API's own middleware and handlers, so a limited request costs no API work (not
    // even an ETag check). The two above do nothing until the response comes back, and a 429
    // keeps the security headers every response carries.
    // With Redis, sessions, rate limits and the publish lock are shared by every instance;
    // without it (the embedded setup) they live in this process.
    let redis = try config.redis.map { try RedisClient(configuration: $0, logger: logger, tracer: observability.tracer) }
    if config.rateLimitPerMinute > 0 {
        let local = TokenBucketLimiter(perMinute: config.rateLimitPerMinute, burst: config.rateLimitBurst, now: rateLimitClock)
        let limiter: any RateLimiter = redis.map {
            RedisRateLimiter(
                client: $0, prefix: "api", refillEvery: .seconds(60) / config.rateLimitPerMinute, burst: config.rateLimitBurst,
                fallback: local, logger: logger
            )
        } ?? local
        router.add(middleware: RateLimitMiddleware(limiter: limiter, trustedProxies: config.trustedProxies))
        logger.info("API rate limit", metadata: [
            "per_minute": "\(config.rateLimitPerMinute)", "burst": "\(config.rateLimitBurst)",
            "trusted_proxies": "\(config.trustedProxies)", "shared": "\(redis != nil)",
        ])
    } else {
        logger.info("API rate limit is off (RATE_LIMIT_PER_MINUTE=0)")
    }
    let cache = ResponseCache(byteLimit: config.pageCacheBytes)
    try APIRoutes.add(to: router, store: store, cache: cache, wardBallot: config.apiWardBallot)
    SiteController(store: store, views: views, cache: cache).addRoutes(to: router)
    SearchController(store: store, views: views, cache: QueryCache(byteLimit: config.searchCacheBytes)).addRoutes(to: router)
    var redisProbe: DependencyHealth.Probe?
    if let redis { redisProbe = { try await redis.ping() } }
    let dependencies = DependencyHealth(database: { _ = try await repository.publishedVersionID() }, redis: redisProbe)
    ReadinessController(store: store, dependencies: dependencies, shutdown: shutdown).addRoutes(to: router)
    let sessions: any PersistDriver = redis.map { RedisPersistDriver(client: $0) } ?? MemoryPersistDriver()
    AdminController<AppRequestContext>(
        repository: repository, store: store, views: views, throttle: redis.map { .shared(client: $0, logger: logger, now: rateLimitClock) } ?? .inProcess(now: rateLimitClock),
        trustedProxies: config.trustedProxies, secureCookies: config.secureCookies, redis: redis,
        archive: UploadArchive(directory: config.filesDirectory), uploadMaxBytes: config.uploadMaxBytes
    ).addRoutes(to: router, sessions: sessions)
    var services: [any Service] = [RepositoryService(repository: repository)]
    // Services stop in reverse order: the Redis client outlives everything that uses it.
    if let redis { services.append(RedisClientService(client: redis)) }
    services.append(sessions)
    services.append(SnapshotRefresher(store: store, repository: repository, interval: config.snapshotPollInterval, logger: logger))
    if let redis { services.append(PublishSignalListener(client: redis, store: store, repository: repository, logger: logger)) }
    let observed = observability.services(store: store, redis: redis, logger: logger)
    services.insert(contentsOf: observed.first, at: 0)
    services.append(contentsOf: observed.last)

    let address = "http://\(config.host):\(config.port)"
    let serverLogger = logger
    return Application(
        router: router,
        // A fresh handler per connection: it tracks that connection's writes. The idle timeout
        // disconnects clients that never send a whole request head (AppConfig.httpIdleTimeout).
        server: .http1(configuration: .init(
            additionalChannelHandlers: [DrainBeforeCloseHandler()], idleTimeout: TimeAmount(config.httpIdleTimeout)
        )),
        // No serverName: Hummingbird would set a Server field on every response, which costs a
        // search of the fields each time and tells a scanner what runs here.
        configuration: .init(address: .hostname(config.host, port: config.port)),
        services: services,
        onServerRunning: { _ in serverLogger.notice("MyCandidate is listening on \(address)") },
        logger: logger
    )
}

/// Keeps the repository open while the server runs and closes it last on shutdown (services
/// stop in reverse order, so the HTTP server has drained by then).
struct RepositoryService: Service {
    let repository: any DatasetRepository

    func run() async throws {
        try? await gracefulShutdown()
        await repository.shutdown()
    }
}
