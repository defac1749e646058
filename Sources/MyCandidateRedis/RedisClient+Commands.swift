import NIOCore

/// Typed helpers for the commands the app uses; anything else goes through `send`.
extension RedisClient {
    /// `PING`; succeeds when the server answers.
    public func ping() async throws {
        _ = try await send(["PING"])
    }

    /// `GET` as text; `nil` when the key does not exist.
    public func get(_ key: String) async throws -> String? {
        try await getBytes(key).map { String(buffer: $0) }
    }

    /// `GET` as bytes; `nil` when the key does not exist.
    public func getBytes(_ key: String) async throws -> ByteBuffer? {
        try await send(["GET", key]).bytes
    }

    /// `SET key value [PX ms] [NX]`.
    ///
    /// - Parameters:
    ///   - expiresIn: a time to live (whole milliseconds, rounded up); `nil` keeps the key.
    ///   - onlyIfAbsent: `NX`: set only when the key does not exist yet.
    /// - Returns: whether the value was set (`false` only when `onlyIfAbsent` found the key).
    @discardableResult
    public func set(_ key: String, to value: String, expiresIn: Duration? = nil, onlyIfAbsent: Bool = false) async throws -> Bool {
        try await set(key, to: ByteBuffer(string: value), expiresIn: expiresIn, onlyIfAbsent: onlyIfAbsent)
    }

    /// `SET` with a binary value; otherwise like the `String` overload.
    @discardableResult
    public func set(_ key: String, to value: ByteBuffer, expiresIn: Duration? = nil, onlyIfAbsent: Bool = false) async throws -> Bool {
        var command = [ByteBuffer(string: "SET"), ByteBuffer(string: key), value]
        if let expiresIn {
            command += [ByteBuffer(string: "PX"), ByteBuffer(string: String(try Self.milliseconds(expiresIn)))]
        }
        if onlyIfAbsent { command.append(ByteBuffer(string: "NX")) }
        return try await !send(buffers: command).isNull
    }

    /// `DEL`; returns how many of the keys existed.
    @discardableResult
    public func delete(_ keys: [String]) async throws -> Int {
        guard !keys.isEmpty else { return 0 }
        return try await integer(send(["DEL"] + keys))
    }

    /// `DEL` of one or more keys; returns how many existed.
    @discardableResult
    public func delete(_ key: String, _ more: String...) async throws -> Int {
        try await delete([key] + more)
    }

    /// `INCRBY`; returns the new value (a missing key counts from 0).
    @discardableResult
    public func increment(_ key: String, by amount: Int = 1) async throws -> Int {
        try await integer(amount == 1 ? send(["INCR", key]) : send(["INCRBY", key, String(amount)]))
    }

    /// Adds `amount` and, when the key has no expiry yet, gives it `expiresIn`, atomically (one
    /// script): a fixed-window counter, as a rate limit shared by instances needs.
    @discardableResult
    public func increment(_ key: String, by amount: Int = 1, expiringIn expiresIn: Duration) async throws -> Int {
        let script = """
            local value = redis.call('INCRBY', KEYS[1], ARGV[1])
            if redis.call('PTTL', KEYS[1]) < 0 then redis.call('PEXPIRE', KEYS[1], ARGV[2]) end
            return value
            """
        return try await integer(eval(script, keys: [key], arguments: [String(amount), String(Self.milliseconds(expiresIn))]))
    }

    /// `PEXPIRE`; returns whether the key exists (and so got the expiry).
    @discardableResult
    public func expire(_ key: String, in duration: Duration) async throws -> Bool {
        try await integer(send(["PEXPIRE", key, String(Self.milliseconds(duration))])) == 1
    }

    /// `PUBLISH`; returns how many subscribers (across all clients) received the message.
    @discardableResult
    public func publish(_ message: String, to channel: String) async throws -> Int {
        try await integer(send(buffers: [ByteBuffer(string: "PUBLISH"), ByteBuffer(string: channel), ByteBuffer(string: message)]))
    }

    /// `EVAL script numkeys keys... arguments...`; returns the script's reply.
    ///
    /// Redis caches the compiled script by its text, so sending it each time costs bandwidth only.
    public func eval(_ script: String, keys: [String] = [], arguments: [String] = []) async throws -> RESPValue {
        try await send(["EVAL", script, String(keys.count)] + keys + arguments)
    }

    private func integer(_ reply: RESPValue) throws -> Int {
        guard let value = reply.int else { throw RedisError.protocolViolation("expected an integer reply, got \(reply)") }
        return value
    }

    /// Redis takes whole milliseconds; rounding up keeps a short positive duration from becoming 0,
    /// which Redis rejects.
    public static func milliseconds(_ duration: Duration) throws -> Int64 {
        guard duration > .zero else { throw RedisError.invalidArgument("an expiry must be positive, not \(duration)") }
        let (seconds, attoseconds) = duration.components
        let perMillisecond: Int64 = 1_000_000_000_000_000
        return seconds * 1000 + (attoseconds + perMillisecond - 1) / perMillisecond
    }
}
