import Logging
import MyCandidateCache
import MyCandidateRedis
import MyCandidateStorage
import ServiceLifecycle

/// Tells every instance that a dataset version was published, so each swaps its snapshot at
/// once rather than at its next poll. The message is only a nudge: an instance re-reads the
/// published version from the database, so a lost or repeated message does no harm, and the
/// poll still catches whatever a Redis outage hides.
public enum PublishSignal {
    static let channel = "mycandidate:published"

    /// Announces `version`; a failure is logged, never thrown: the publish itself has happened.
    public static func announce(version: Int, through client: RedisClient, logger: Logger) async {
        do {
            _ = try await client.publish(String(version), to: channel)
        } catch {
            logger.warning("could not announce the published version; instances will find it when they next poll", metadata: [
                "version": "\(version)", "error": "\(error)",
            ])
        }
    }
}

/// Listens for ``PublishSignal`` and refreshes the snapshot when it comes.
struct PublishSignalListener: Service {
    let client: RedisClient
    let store: SnapshotStore
    let repository: any DatasetRepository
    let logger: Logger

    func run() async throws {
        // The subscription renews itself after an outage; until Redis first answers, wait.
        var messages: AsyncStream<RedisMessage>?
        while messages == nil, !Task.isShuttingDownGracefully {
            do { messages = try await client.subscribe(to: [PublishSignal.channel]) } catch {
                logger.warning("cannot subscribe to the publish signal yet; polling meanwhile", metadata: ["error": "\(error)"])
                try? await Task.sleep(for: .seconds(5))
            }
        }
        guard let messages else { return }
        // Leaving the loop on shutdown: the stream itself ends only when the client closes.
        await cancelWhenGracefulShutdown {
            for await message in messages {
                logger.info("publish signal", metadata: ["version": "\(message.text)"])
                do { _ = try await store.refresh(from: repository, logger: logger) } catch {
                    logger.error("snapshot refresh after the publish signal failed; the poll will retry", metadata: ["error": "\(error)"])
                }
            }
        }
    }
}

/// Closes the Redis client last, after the services using it have stopped.
struct RedisClientService: Service {
    let client: RedisClient

    func run() async throws {
        try? await gracefulShutdown()
        await client.shutdown()
    }
}
