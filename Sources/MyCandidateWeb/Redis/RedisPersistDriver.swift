import Foundation
import Hummingbird
import MyCandidateRedis
import ServiceLifecycle

/// Hummingbird's key-value store on Redis, for admin sessions shared by every instance.
/// Values are JSON; expiry is Redis's own (`PX`), so nothing needs tidying.
struct RedisPersistDriver: PersistDriver {
    let client: RedisClient

    func create<Object: Codable & Sendable>(key: String, value: Object, expires: Duration?) async throws {
        guard try await client.set(key, to: try Self.encode(value), expiresIn: expires, onlyIfAbsent: true) else {
            throw PersistError.duplicate
        }
    }

    func set<Object: Codable & Sendable>(key: String, value: Object, expires: Duration?) async throws {
        if let expires {
            _ = try await client.set(key, to: try Self.encode(value), expiresIn: expires)
        } else {
            // The protocol asks an existing expiry to survive an update without one.
            _ = try await client.send(["SET", key, try Self.encode(value), "KEEPTTL"])
        }
    }

    func get<Object: Codable & Sendable>(key: String, as: Object.Type) async throws -> Object? {
        guard let text = try await client.get(key) else { return nil }
        return try? JSONDecoder().decode(Object.self, from: Data(text.utf8))
    }

    func remove(key: String) async throws {
        _ = try await client.delete(key)
    }

    /// The client belongs to the application, which shuts it down.
    func run() async throws {
        try? await gracefulShutdown()
    }

    private static func encode<Object: Encodable>(_ value: Object) throws -> String {
        String(decoding: try JSONEncoder().encode(value), as: UTF8.self)
    }
}
