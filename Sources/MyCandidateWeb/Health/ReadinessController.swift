import Hummingbird
import MyCandidateCache

/// `/readyz`: whether this instance should get traffic, for the load balancer's health check.
///
/// Only two things make it answer 503: no dataset loaded (nothing to serve) and shutting down
/// (SIGTERM received; the load balancer should stop sending requests). A database or Redis
/// outage does not: every instance would fail together and the load balancer would take them
/// all out, when each can go on serving its snapshot. Those answer 200 with status `degraded`
/// and say which dependency is down. `/healthz` (liveness) stays a plain 200 from a process
/// that answers at all.
struct ReadinessController: Sendable {
    let store: SnapshotStore
    let dependencies: DependencyHealth
    let shutdown: ShutdownState

    static let path = "/readyz"

    func addRoutes(to router: Router<some RequestContext>) {
        router.get(RouterPath(Self.path)) { _, _ in await readiness() }
    }

    func readiness() async -> Response {
        let dependencies = await dependencies.report()
        let snapshot = store.snapshot
        let status: String
        switch (shutdown.isShuttingDown, snapshot) {
        case (true, _): status = "shutting_down"
        case (false, nil): status = "not_ready"
        case (false, .some):
            status = dependencies.database == .unavailable || dependencies.redis == .unavailable ? "degraded" : "ready"
        }
        let age = store.loadedAt.map { (ContinuousClock.now - $0).components.seconds }
        // Written out by hand, as /healthz is: every value is a number, null or one of a few
        // fixed words, and the field order stays the documented one.
        let json = #"{"status":"\#(status)","dataset_version":\#(snapshot.map { String($0.version.id) } ?? "null"),"#
            + #""snapshot_age_seconds":\#(age.map { String($0) } ?? "null"),"#
            + #""database":"\#(dependencies.database.rawValue)","redis":"\#(dependencies.redis.rawValue)"}"#
        var headers = HTTPFields()
        headers[.contentType] = "application/json"
        headers[.cacheControl] = "no-store"
        let ready = status == "ready" || status == "degraded"
        return Response(
            status: ready ? .ok : .serviceUnavailable, headers: headers,
            body: .init(byteBuffer: ByteBuffer(string: json))
        )
    }
}
