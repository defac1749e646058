import Logging
import MyCandidateStorage
import ServiceLifecycle

/// Polls the published version id and swaps the snapshot when it changes.
///
/// The poll is one single-row query, cheap enough to run every few seconds on every instance; a
/// database outage only delays the next swap, the last snapshot keeps being served meanwhile.
public struct SnapshotRefresher: Service {
    let store: SnapshotStore
    let repository: any DatasetRepository
    let interval: Duration
    let logger: Logger

    public init(store: SnapshotStore, repository: any DatasetRepository, interval: Duration, logger: Logger) {
        self.store = store
        self.repository = repository
        self.interval = interval
        self.logger = logger
    }

    public func run() async throws {
        // Cancelling the loop on graceful shutdown lets the service group finish without
        // waiting out a sleep.
        try? await cancelWhenGracefulShutdown {
            var failing = false
            while !Task.isCancelled {
                try await Task.sleep(for: interval)
                do {
                    try await store.refresh(from: repository, logger: logger)
                    if failing { logger.info("snapshot refresh recovered") }
                    failing = false
                } catch {
                    // Log the first failure of an outage only, so it does not flood the log.
                    if !failing {
                        logger.warning("snapshot refresh failed; serving the last snapshot", metadata: ["error": "\(error)"])
                    }
                    failing = true
                }
            }
        }
    }
}
