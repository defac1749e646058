import MyCandidateRedis

/// A lock every instance (and the CLI) sees, so only one import or publish runs at a time.
///
/// `SET key token NX PX ttl` takes it; only the holder's token releases it (compare and delete
/// in one script). The holder renews the expiry every third of it while working, so a holder
/// that dies (kill -9 mid-import) blocks others for one `timeToLive` at most, however long a
/// healthy import runs. The database keeps each change atomic on its own; the lock stops two
/// people's changes from interleaving.
public struct RedisLock: Sendable {
    let client: RedisClient
    let name: String
    let timeToLive: Duration

    public init(client: RedisClient, name: String = "publishing", timeToLive: Duration = .seconds(30)) {
        self.client = client
        self.name = "mycandidate:lock:" + name
        self.timeToLive = timeToLive
    }

    /// Takes the lock, returning the token that releases it, or `nil` when someone holds it.
    public func acquire() async throws -> String? {
        let token = SecureToken.make()
        return try await client.set(name, to: token, expiresIn: timeToLive, onlyIfAbsent: true) ? token : nil
    }

    /// Releases the lock if `token` still holds it; an expired lock someone else took stays.
    public func release(_ token: String) async throws {
        _ = try await client.eval(
            "if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) else return 0 end",
            keys: [name], arguments: [token]
        )
    }

    /// Extends the lock's expiry if `token` still holds it; whether it does.
    public func renew(_ token: String) async throws -> Bool {
        let reply = try await client.eval(
            "if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('PEXPIRE', KEYS[1], ARGV[2]) else return 0 end",
            keys: [name], arguments: [token, String(try RedisClient.milliseconds(timeToLive))]
        )
        return reply.int == 1
    }

    /// Runs `body` holding the lock; ``LockHeld`` when another holds it.
    public func withLock<T: Sendable>(_ body: () async throws -> T) async throws -> T {
        guard let token = try await acquire() else { throw LockHeld() }
        return try await hold(token, body)
    }

    /// Runs `body` with the lock `token` took, renewing it meanwhile, and releases it after.
    public func hold<T: Sendable>(_ token: String, _ body: () async throws -> T) async throws -> T {
        let renewal = Task { [self] in
            while !Task.isCancelled {
                try? await Task.sleep(for: timeToLive / 3)
                if Task.isCancelled { break }
                _ = try? await renew(token)
            }
        }
        defer { renewal.cancel() }
        do {
            let result = try await body()
            try? await release(token)
            return result
        } catch {
            try? await release(token)
            throw error
        }
    }
}

/// Another import or publish is running.
public struct LockHeld: Error, CustomStringConvertible {
    public init() {}

    public var description: String { "another import or publish is running; try again when it has finished" }
}
