import Foundation
import Logging
import MyCandidateRedis
import MyCandidateStorage
import MyCandidateWeb

/// What every subcommand needs from the environment.
enum Environment {
    static func config() throws -> AppConfig {
        try AppConfig(environment: ProcessInfo.processInfo.environment)
    }

    static func logger(_ config: AppConfig) -> Logger {
        var logger = Logger(label: "mycandidate")
        logger.logLevel = config.logLevel
        return logger
    }

    /// Opens the configured database, migrating first where the configuration asks for it
    /// (the embedded SQLite default does, so `import` works on a fresh checkout).
    static func repository(_ config: AppConfig) async throws -> any Repository {
        let repository = try await makeRepository(config.database, logger: logger(config))
        if config.migrateOnStart {
            do { try await repository.migrate() } catch {
                await repository.shutdown()
                throw error
            }
        }
        return repository
    }

    /// Runs `body` with an open repository and always closes it.
    static func withRepository<T>(_ body: (any Repository) async throws -> T) async throws -> T {
        let repository = try await repository(try config())
        do {
            let result = try await body(repository)
            await repository.shutdown()
            return result
        } catch {
            await repository.shutdown()
            throw error
        }
    }
}

extension Environment {
    /// Runs a publishing change under the lock the admin area takes too, when Redis is
    /// configured. Redis unreachable: the change goes ahead unlocked (the database keeps it
    /// atomic), with a warning; someone else holding the lock: ``LockHeld``.
    static func withPublishingLock<T: Sendable>(_ body: () async throws -> T) async throws -> T {
        let config = try config()
        guard let redis = config.redis else { return try await body() }
        let client = try RedisClient(configuration: redis, logger: logger(config))
        let lock = RedisLock(client: client)
        let token: String?
        do {
            token = try await lock.acquire()
        } catch let error as RedisError {
            await client.shutdown()
            printError("warning: Redis unavailable (\(error)); going ahead without the publishing lock")
            return try await body()
        }
        guard let token else {
            await client.shutdown()
            throw LockHeld()
        }
        do {
            let result = try await lock.hold(token, body)
            await client.shutdown()
            return result
        } catch {
            await client.shutdown()
            throw error
        }
    }

    /// Tells running instances through Redis that `version` is published, when Redis is
    /// configured; they would otherwise find it at their next poll.
    static func announcePublished(_ version: Int) async {
        guard let config = try? config(), let redis = config.redis,
              let client = try? RedisClient(configuration: redis, logger: logger(config)) else { return }
        await PublishSignal.announce(version: version, through: client, logger: logger(config))
        await client.shutdown()
    }
}

/// Writes to standard error, where diagnostics belong so `--json` output stays parseable.
func printError(_ message: String) {
    FileHandle.standardError.write(Data((message + "\n").utf8))
}
