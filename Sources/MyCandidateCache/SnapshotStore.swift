import Logging
import MyCandidateDomain
import MyCandidateStorage
import Synchronization

/// Holds the snapshot the public site serves and swaps it atomically.
///
/// Requests read the current snapshot once and use that immutable value throughout, so a swap
/// in the middle of a request can never mix two versions on one page.
public final class SnapshotStore: Sendable {
    private let current = Mutex<Snapshot?>(nil)
    /// When ``snapshot`` was put in place, for the readiness report's snapshot age.
    private let loaded = Mutex<ContinuousClock.Instant?>(nil)

    public init(_ snapshot: Snapshot? = nil) {
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
