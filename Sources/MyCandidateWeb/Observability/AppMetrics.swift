import CoreMetrics
import Foundation
import HTTPTypes
import MyCandidateCache
import Synchronization

/// Every metric MyCandidate records, made from one factory (Prometheus, plus EMF when on) rather
/// than the process-wide `MetricsSystem`, so each application, and each test, has its own.
///
/// The names are Prometheus's: `mycandidate_` first, `_total` on counters, `_seconds` on
/// durations. Route labels are the patterns routes are registered with (`/ballots/{ballot}`),
/// never concrete paths, so the number of series stays bounded whatever clients ask for.
final class AppMetrics: Sendable {
    /// The factory every metric here is made from.
    let factory: any MetricsFactory

    /// Requests being handled right now.
    let requestsInFlight: Meter
    /// The id of the dataset version this instance serves.
    let snapshotVersion: Gauge
    /// Seconds since the served version was published: a growing age on one instance while the
    /// others have moved on means its refresh is stuck.
    let snapshotAge: Gauge
    /// Candidates in the served snapshot.
    let snapshotCandidates: Gauge
    /// 1 while the last database call reached the database, 0 after one that could not.
    let databaseUp: Gauge

    private let routes = Mutex<[RouteKey: RouteMetrics]>([:])
    private let operations = Mutex<[String: OperationMetrics]>([:])

    init(factory: any MetricsFactory) {
        self.factory = factory
        requestsInFlight = Meter(label: "mycandidate_http_requests_in_flight", factory: factory)
        snapshotVersion = Gauge(label: "mycandidate_snapshot_version", factory: factory)
        snapshotAge = Gauge(label: "mycandidate_snapshot_age_seconds", factory: factory)
        snapshotCandidates = Gauge(label: "mycandidate_snapshot_candidates", factory: factory)
        databaseUp = Gauge(label: "mycandidate_database_up", factory: factory)
    }

    struct RouteKey: Hashable {
        var route: String
        var method: HTTPRequest.Method
        var status: Int
    }

    /// A request count and a latency histogram for one route, method and status.
    struct RouteMetrics: Sendable {
        let requests: Counter
        let duration: CoreMetrics.Timer
    }

    /// The metrics of one route, method and status, made on first use and kept: a lookup is a
    /// dictionary hit, where making them would take the factory's lock and allocate.
    func route(_ route: String, method: HTTPRequest.Method, status: Int) -> RouteMetrics {
        let key = RouteKey(route: route, method: method, status: status)
        return routes.withLock { all in
            if let existing = all[key] { return existing }
            let dimensions = [("route", route), ("method", method.rawValue), ("status", String(status))]
            let made = RouteMetrics(
                requests: Counter(label: "mycandidate_http_requests_total", dimensions: dimensions, factory: factory),
                duration: CoreMetrics.Timer(label: "mycandidate_http_request_duration_seconds", dimensions: dimensions, factory: factory)
            )
            all[key] = made
            return made
        }
    }

    /// A duration histogram and an error count for one kind of database call.
    struct OperationMetrics: Sendable {
        let duration: CoreMetrics.Timer
        let errors: Counter
    }

    /// The metrics of a repository operation (`store`, `dataset`, `publishedVersionID`, ...).
    /// `store` is the write of an import, so its histogram is the import durations.
    func databaseOperation(_ operation: String) -> OperationMetrics {
        operations.withLock { all in
            if let existing = all[operation] { return existing }
            let dimensions = [("operation", operation)]
            let made = OperationMetrics(
                duration: CoreMetrics.Timer(label: "mycandidate_database_operation_duration_seconds", dimensions: dimensions, factory: factory),
                errors: Counter(label: "mycandidate_database_errors_total", dimensions: dimensions, factory: factory)
            )
            all[operation] = made
            return made
        }
    }

    /// Brings the snapshot gauges up to date: called before every scrape and EMF flush, since
    /// the age grows without anything happening.
    func sample(_ store: SnapshotStore, now: Date = Date()) {
        guard let snapshot = store.snapshot else { return }
        snapshotVersion.record(snapshot.version.id)
        snapshotCandidates.record(snapshot.candidates.count)
        if let published = snapshot.version.publishedAt {
            snapshotAge.record(max(0, now.timeIntervalSince(published)))
        }
    }
}
