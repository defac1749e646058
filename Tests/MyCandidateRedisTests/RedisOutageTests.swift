import MyCandidateRedis
import MyCandidateTestSupport
import Testing

/// Redis going away and coming back, and Redis hanging. Bounds on time are generous: they only
/// tell "fails fast" from "hangs".
@Suite(.enabled(if: RedisServer.available, "redis-server is not on PATH"))
struct RedisOutageTests {
    /// Runs `body`, returning its error and how long it took to fail.
    private func failure(of body: () async throws -> Void) async -> (error: RedisError?, elapsed: Duration) {
        let start = ContinuousClock.now
        do {
            try await body()
            return (nil, ContinuousClock.now - start)
        } catch {
            return (error as? RedisError, ContinuousClock.now - start)
        }
    }

    private func isUnavailable(_ error: RedisError?) -> Bool {
        if case .unavailable? = error { return true }
        return false
    }

    @Test func serverRestartMidTest() async throws {
        try await withRedisServer { server in
            try await withClient(testConfiguration(server.url)) { client in
                let subscription = try await client.subscribe(to: ["news"])
                let collector = await MessageCollector.reading(subscription)
                try await client.set("before", to: "1")
                #expect(try await client.publish("before the outage", to: "news") == 1)
                #expect(await collector.wait { $0.count == 1 })

                await server.stop()
                // The first command may still meet the closing connection; either way it fails
                // quickly, and once the server is known gone commands fail at once as unavailable.
                let first = await failure { try await client.ping() }
                #expect(first.error != nil)
                #expect(first.elapsed < .seconds(3))
                for _ in 0..<5 {
                    let next = await failure { _ = try await client.get("before") }
                    #expect(isUnavailable(next.error), "\(String(describing: next.error))")
                    #expect(next.elapsed < .seconds(3))
                }

                try await server.restart()
                // The same client recovers on its own once its backoff lets it try again.
                let deadline = ContinuousClock.now + .seconds(10)
                var recovered = false
                while !recovered, ContinuousClock.now < deadline {
                    recovered = (try? await client.ping()) != nil
                    if !recovered { try await Task.sleep(for: .milliseconds(50)) }
                }
                #expect(recovered)
                try await client.set("after", to: "2")
                #expect(try await client.get("after") == "2")
                // The server started empty (no persistence), as a replacement node would.
                #expect(try await client.get("before") == nil)

                // The subscriber came back too: a message published after the restart arrives.
                // Publishing repeats until then, since resubscribing takes a backoff interval.
                var received = false
                while !received, ContinuousClock.now < deadline + .seconds(10) {
                    _ = try await client.publish("after the restart", to: "news")
                    received = await collector.wait(upTo: .milliseconds(100)) { $0.contains { $0.text == "after the restart" } }
                }
                #expect(received)
            }
        }
    }

    @Test func downFromTheStartFailsFast() async throws {
        let port = try await freePort()
        try await withClient(testConfiguration("redis://127.0.0.1:\(port)")) { client in
            for _ in 0..<3 {
                let result = await failure { try await client.ping() }
                #expect(isUnavailable(result.error), "\(String(describing: result.error))")
                // Well under a hang (no timeout at all would wait forever); loose enough for a
                // 2-core machine running the other suites alongside (3.05 s seen in CI).
                #expect(result.elapsed < .seconds(10))
            }
            // A subscription made while Redis is down is accepted and waits for it.
            _ = try await client.subscribe(to: ["later"])
        }
    }

    @Test func aServerThatNeverAnswersTimesOut() async throws {
        let silent = try await SilentServer.start()
        do {
            var configuration = try testConfiguration("redis://127.0.0.1:\(silent.port)")
            configuration.commandTimeout = .milliseconds(300)
            try await withClient(configuration) { client in
                let result = await failure { try await client.ping() }
                #expect(result.error == .commandTimedOut(.milliseconds(300)))
                #expect(result.elapsed < .seconds(5))
            }

            // With a password, the hang is in AUTH while connecting: the connect timeout applies.
            configuration = try testConfiguration("redis://:pw@127.0.0.1:\(silent.port)")
            configuration.connectTimeout = .milliseconds(300)
            try await withClient(configuration) { client in
                let result = await failure { try await client.ping() }
                guard case .unavailable(let reason)? = result.error else {
                    Issue.record("expected unavailable, got \(String(describing: result.error))")
                    return
                }
                #expect(reason.contains("timed out"))
                #expect(result.elapsed < .seconds(5))
            }
            await silent.stop()
        } catch {
            await silent.stop()
            throw error
        }
    }

    /// A timed-out command takes its connection down with it (replies could no longer be
    /// matched), but the client carries on with a new one.
    @Test func aTimeoutDoesNotPoisonLaterCommands() async throws {
        try await withRedisServer { server in
            var configuration = try testConfiguration(server.url, poolSize: 1)
            configuration.commandTimeout = .milliseconds(300)
            try await withClient(configuration) { client in
                // The server holds back every client's commands for three seconds: long enough
                // that a loaded CI machine still sends the next command inside the pause.
                _ = try await client.send(["CLIENT", "PAUSE", "3000"])
                let result = await failure { _ = try await client.send(["ECHO", "late"]) }
                #expect(result.error == .commandTimedOut(.milliseconds(300)))
                // The late reply to the first ECHO must not be taken for a later command's.
                let deadline = ContinuousClock.now + .seconds(10)
                var value: String?
                while value == nil, ContinuousClock.now < deadline {
                    value = try? await client.send(["ECHO", "fresh"]).string
                    if value == nil { try await Task.sleep(for: .milliseconds(50)) }
                }
                #expect(value == "fresh")
            }
        }
    }
}
