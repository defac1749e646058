import MyCandidateRedis
import MyCandidateTestSupport
import NIOCore
import Testing

@Suite(.enabled(if: RedisServer.available, "redis-server is not on PATH"))
struct RedisPubSubTests {
    @Test func receivesOnTwoChannels() async throws {
        try await withRedisServer { server in
            try await withClient(testConfiguration(server.url)) { client in
                let subscription = try await client.subscribe(to: ["ballots", "datasets", "ballots"])
                let collector = await MessageCollector.reading(subscription)
                #expect(try await client.publish("v7", to: "datasets") == 1)
                #expect(try await client.publish("ward", to: "ballots") == 1)
                #expect(try await client.publish("nobody", to: "elsewhere") == 0)
                _ = try await client.send(buffers: ["PUBLISH", "datasets"].map { ByteBuffer(string: $0) } + [ByteBuffer(bytes: [0, 255])])
                #expect(await collector.wait { $0.count == 3 })
                let messages = await collector.messages
                #expect(messages.map(\.channel) == ["datasets", "ballots", "datasets"])
                #expect(messages.map(\.text).prefix(2) == ["v7", "ward"])
                #expect(messages.last?.payload == ByteBuffer(bytes: [0, 255]))
                // Still a normal client alongside: the pub/sub connection is a separate one.
                #expect(try await client.set("k", to: "v"))
            }
        }
    }

    @Test func listenersAreIndependent() async throws {
        try await withRedisServer { server in
            try await withClient(testConfiguration(server.url)) { client in
                let first = await MessageCollector.reading(try await client.subscribe(to: ["news"]))
                let second = await MessageCollector.reading(try await client.subscribe(to: ["news", "sport"]))
                #expect(try await client.publish("one", to: "news") == 1)
                #expect(await first.wait { $0.map(\.text) == ["one"] })
                #expect(await second.wait { $0.map(\.text) == ["one"] })

                // Ending one stream leaves the other subscribed to the channel they share.
                await first.cancel()
                #expect(await first.waitForEnd())
                #expect(try await client.publish("two", to: "news") == 1)
                #expect(try await client.publish("goal", to: "sport") == 1)
                #expect(await second.wait { $0.map(\.text) == ["one", "two", "goal"] })
                #expect(await first.messages.map(\.text) == ["one"])

                // Ending the last one unsubscribes.
                await second.cancel()
                let deadline = ContinuousClock.now + .seconds(10)
                var receivers = -1
                while receivers != 0, ContinuousClock.now < deadline {
                    receivers = try await client.publish("three", to: "news")
                    if receivers != 0 { try await Task.sleep(for: .milliseconds(20)) }
                }
                #expect(receivers == 0)
            }
        }
    }

    /// The health-check pings share the subscribed connection with the messages; their replies
    /// must not be mistaken for messages, nor push the connection out of step.
    @Test func pingsKeepTheSubscriptionInStep() async throws {
        try await withRedisServer { server in
            var configuration = try testConfiguration(server.url)
            configuration.pubSubPingInterval = .milliseconds(10)
            try await withClient(configuration) { client in
                let collector = await MessageCollector.reading(try await client.subscribe(to: ["news"]))
                for index in 0..<20 {
                    #expect(try await client.publish("m\(index)", to: "news") == 1)
                    try await Task.sleep(for: .milliseconds(10))
                }
                #expect(await collector.wait { $0.count == 20 })
                #expect(await collector.messages.map(\.text) == (0..<20).map { "m\($0)" })
                // No reconnects: the pub/sub connection and the pool's two, no more.
                let stats = try #require(try await client.send(["INFO", "stats"]).string)
                #expect(stats.contains("total_connections_received:3\r\n"), "\(stats)")
            }
        }
    }

    @Test func shutdownEndsTheStreams() async throws {
        try await withRedisServer { server in
            let client = try RedisClient(configuration: testConfiguration(server.url), logger: testLogger)
            let collector = await MessageCollector.reading(try await client.subscribe(to: ["news"]))
            await client.shutdown()
            #expect(await collector.waitForEnd())
        }
    }
}
