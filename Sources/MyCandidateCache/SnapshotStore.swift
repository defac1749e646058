import Logging
import MyCandidateDomain
import MyCandidateStorage
import Synchronization
import Tracing

/// Holds the snapshot the public site serves and swaps it atomically.
///
/// Requests read the current snapshot once and use that immutable value throughout, so a swap
/// in the middle of a request can never mix two versions on one page.
public final class SnapshotStore: Sendable {
    private let current = Mutex<Snapshot?>(nil)
    /// When ``snapshot`` was put in place, for the readiness report's snapshot age.
    private let loaded = Mutex<ContinuousClock.Instant?>(nil)
    /// Traces each load of a new version (`snapshot.refresh`), when tracing is on.
    private let tracer: (any Tracer)?

    /// - Parameter tracer: with one, each load of a new version is a span, and the database
    ///   reads it makes are its children.
    public init(_ snapshot: Snapshot? = nil, tracer: (any Tracer)? = nil) {
        self.tracer = tracer
        current.withLock { $0 = snapshot }
        if snapshot != nil { loaded.withLock { $0 = .now } }
    }

    /// The snapshot being served, or `nil` before anything has been published.
    public var snapshot: Snapshot? { current.withLock { $0 } }

    /// When the snapshot being served was loaded, or `nil` while there is none.
    public var loadedAt: ContinuousClock.Instant? { loaded.withLock { $0 } }

    public func replace(with snapshot: Snapshot) {
        current.withLock { $0 = snapshot }
        loaded.withLock { $0 = .now }
    }

    /// Loads the published version when it differs from the one being served.
    ///
    /// - Returns: the new snapshot's version id when a swap happened, `nil` otherwise.
    @discardableResult
    public func refresh(from repository: any DatasetRepository, logger: Logger) async throws -> Int? {
        guard let published = try await repository.publishedVersionID() else { return nil }
        if snapshot?.version.id == published { return nil }
        // Only a load is traced: the poll that finds nothing new, every few seconds on every
        // instance, would bury the traces that matter.
        guard let tracer else { return try await load(published, from: repository, logger: logger) }
        let span = tracer.startSpan("snapshot.refresh", context: ServiceContext.current ?? .topLevel)
        span.attributes["mycandidate.dataset.version"] = published
        defer { span.end() }
        do {
            return try await ServiceContext.$current.withValue(span.context) {
                try await load(published, from: repository, logger: logger)
            }
        } catch {
            span.recordError(error)
            span.setStatus(SpanStatus(code: .error))
            throw error
        }
    }

    private func load(_ published: Int, from repository: any DatasetRepository, logger: Logger) async throws -> Int? {
        let clock = ContinuousClock()
        let start = clock.now
        guard let version = try await repository.version(id: published) else { return nil }
        let dataset = try await repository.dataset(version: published)
        let fresh = Snapshot(version: version, dataset: dataset)
        replace(with: fresh)
        logger.info("snapshot loaded", metadata: [
            "version": "\(published)",
            "candidates": "\(fresh.candidates.count)",
            "duration": "\(clock.now - start)",
        ])
        return published
    }
}
