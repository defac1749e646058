import InMemoryTracing
import MyCandidateRedis
import MyCandidateTestSupport
import NIOCore
import Testing
import Tracing

@Suite(.enabled(if: RedisServer.available, "redis-server is not on PATH"))
struct RedisRoundTripTests {
    @Test func setGetDeleteIncrement() async throws {
        try await withRedisServer { server in
            try await withClient(testConfiguration(server.url)) { client in
                try await client.ping()
                #expect(try await client.get("greeting") == nil)
                #expect(try await client.set("greeting", to: "habari"))
                #expect(try await client.get("greeting") == "habari")
                #expect(try await client.delete("greeting", "absent") == 1)
                #expect(try await client.get("greeting") == nil)

                #expect(try await client.increment("visits") == 1)
                #expect(try await client.increment("visits", by: 41) == 42)
                #expect(try await client.send(["GET", "visits"]) == RESPValue(bulk: "42"))
                #expect(try await client.send(["HSET", "h", "a", "1", "b", "2"]) == .integer(2))
                #expect(try await client.send(["HMGET", "h", "a", "zz"]) == .array([RESPValue(bulk: "1"), .bulkString(nil)]))
            }
        }
    }

    @Test func setOptions() async throws {
        try await withRedisServer { server in
            try await withClient(testConfiguration(server.url)) { client in
                #expect(try await client.set("lock", to: "a", onlyIfAbsent: true))
                #expect(try await !client.set("lock", to: "b", onlyIfAbsent: true))
                #expect(try await client.get("lock") == "a")

                try await client.set("session", to: "x", expiresIn: .seconds(60))
                let ttl = try #require(try await client.send(["PTTL", "session"]).int)
                #expect(ttl > 50_000 && ttl <= 60_000)
                #expect(try await client.send(["PTTL", "lock"]) == .integer(-1))

                #expect(try await client.expire("lock", in: .seconds(30)))
                #expect(try await !client.expire("absent", in: .seconds(30)))
                await #expect {
                    try await client.set("k", to: "v", expiresIn: .zero)
                } throws: { error in
                    if case .invalidArgument = error as? RedisError { return true }
                    return false
                }
            }
        }
    }

    /// The counter behind a shared rate limit: the expiry is set once per window, not renewed.
    @Test func incrementWithExpiryAndEval() async throws {
        try await withRedisServer { server in
            try await withClient(testConfiguration(server.url)) { client in
                #expect(try await client.increment("window", by: 1, expiringIn: .seconds(60)) == 1)
                _ = try await client.send(["PEXPIRE", "window", "30000"])
                #expect(try await client.increment("window", by: 2, expiringIn: .seconds(60)) == 3)
                let ttl = try #require(try await client.send(["PTTL", "window"]).int)
                #expect(ttl > 0 && ttl <= 30_000)

                let reply = try await client.eval("return {KEYS[1], ARGV[1], 7}", keys: ["k"], arguments: ["a"])
                #expect(reply == .array([RESPValue(bulk: "k"), RESPValue(bulk: "a"), .integer(7)]))
            }
        }
    }

    @Test func valuesAreBinarySafe() async throws {
        try await withRedisServer { server in
            try await withClient(testConfiguration(server.url)) { client in
                let bytes = ByteBuffer(bytes: Array(0...255) + Array("\r\n$-1\r\n".utf8))
                #expect(try await client.set("bin\r\nary key ✓", to: bytes))
                #expect(try await client.getBytes("bin\r\nary key ✓") == bytes)
                #expect(try await client.send(buffers: [ByteBuffer(string: "STRLEN"), ByteBuffer(string: "bin\r\nary key ✓")]) == .integer(263))
                try await client.set("text", to: "Kiswahili: Wagombea — ✓")
                #expect(try await client.get("text") == "Kiswahili: Wagombea — ✓")
            }
        }
    }

    /// Many commands in flight on one connection at once, each reply back to its own caller.
    @Test func pipelinedRepliesReachTheirCallers() async throws {
        try await withRedisServer { server in
            try await withClient(testConfiguration(server.url, poolSize: 1)) { client in
                try await withThrowingTaskGroup(of: Void.self) { group in
                    for index in 0..<500 {
                        group.addTask {
                            let value = "value-\(index)-" + String(repeating: "x", count: index % 37)
                            let echoed = try await client.send(["ECHO", value])
                            #expect(echoed == RESPValue(bulk: value))
                            if index % 5 == 0 {
                                #expect(try await client.increment("counter-\(index % 3)") >= 1)
                            }
                        }
                    }
                    try await group.waitForAll()
                }
                let total = try await (0..<3).asyncMap { try await client.get("counter-\($0)").flatMap(Int.init) ?? 0 }
                #expect(total.reduce(0, +) == 100)
                // All of it went over the pool's single connection.
                let info = try #require(try await client.send(["INFO", "clients"]).string)
                #expect(info.contains("connected_clients:1\r\n"))
            }
        }
    }

    @Test func errorRepliesAreThrown() async throws {
        try await withRedisServer { server in
            try await withClient(testConfiguration(server.url)) { client in
                try await client.set("name", to: "not a number")
                await #expect {
                    try await client.increment("name")
                } throws: { error in
                    guard case .server(let message) = error as? RedisError else { return false }
                    return message.hasPrefix("ERR value is not an integer")
                }
                await #expect {
                    try await client.send(["LPUSH", "name", "x"])
                } throws: { error in
                    guard case .server(let message) = error as? RedisError else { return false }
                    return message.hasPrefix("WRONGTYPE")
                }
                await #expect(throws: RedisError.invalidArgument("the command is empty")) { try await client.send([]) }
                // The connection is still in step after errors.
                #expect(try await client.get("name") == "not a number")
            }
        }
    }

    @Test func shutdownEndsTheClient() async throws {
        try await withRedisServer { server in
            let client = try RedisClient(configuration: testConfiguration(server.url), logger: testLogger)
            try await client.ping()
            await client.shutdown()
            await #expect(throws: RedisError.shutdown) { try await client.ping() }
            await #expect(throws: RedisError.shutdown) { _ = try await client.subscribe(to: ["x"]) }
            await client.shutdown()
        }
    }
}

extension Sequence {
    /// `map` with an async transform, one element after another.
    func asyncMap<T>(_ transform: (Element) async throws -> T) async rethrows -> [T] {
        var results: [T] = []
        for element in self { results.append(try await transform(element)) }
        return results
    }
}

/// With a tracer, a command sent while a span is current becomes its child, named after the
/// command and nothing else; outside any span it is not traced.
@Suite(.enabled(if: RedisServer.available, "redis-server is not on PATH"))
struct RedisTracingTests {
    @Test func commandsAreChildSpansOfTheCurrentOne() async throws {
        let tracer = InMemoryTracer()
        try await withRedisServer { server in
            let client = try RedisClient(configuration: testConfiguration(server.url), tracer: tracer)
            do {
                _ = try await client.send(["SET", "session:secret-id", "value"])
                #expect(tracer.finishedSpans.isEmpty)
                try await tracer.withSpan("request") { _ in
                    _ = try await client.send(["get", "session:secret-id"])
                    await #expect(throws: RedisError.self) { try await client.send(["NOSUCHCOMMAND"]) }
                }
                let spans = tracer.finishedSpans
                #expect(spans.map(\.operationName) == ["GET", "NOSUCHCOMMAND", "request"])
                #expect(spans[0].parentSpanID == spans[2].spanID)
                #expect(spans[0].kind == .client)
                #expect(spans[0].attributes["db.system"]?.toSpanAttribute() == "redis".toSpanAttribute())
                #expect(spans[1].status?.code == .error)
                #expect(!spans.contains { "\($0.attributes)".contains("secret-id") })
            } catch {
                await client.shutdown()
                throw error
            }
            await client.shutdown()
        }
    }
}
