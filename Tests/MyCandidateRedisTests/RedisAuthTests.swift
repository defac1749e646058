import MyCandidateRedis
import MyCandidateTestSupport
import Testing

@Suite(.enabled(if: RedisServer.available, "redis-server is not on PATH"))
struct RedisAuthTests {
    private func isAuthenticationFailure(_ error: any Error) -> Bool {
        if case .authenticationFailed = error as? RedisError { return true }
        return false
    }

    @Test func passwordFromTheURLOrTheToken() async throws {
        try await withRedisServer(RedisServer.Options(password: "s3cret pass")) { server in
            try await withClient(testConfiguration(server.url)) { client in
                try await client.set("k", to: "v")
                #expect(try await client.get("k") == "v")
            }
            try await withClient(testConfiguration("redis://127.0.0.1:\(server.port)", authToken: "s3cret pass")) { client in
                let value = try await client.get("k")
                #expect(value == "v")
            }
        }
    }

    /// A wrong password is reported as such, and the client does not keep hammering the server
    /// with it: further commands fail at once until the longest reconnect delay has passed.
    @Test func wrongPasswordIsAClearErrorNotRetriedForever() async throws {
        try await withRedisServer(RedisServer.Options(password: "right")) { server in
            var configuration = try testConfiguration("redis://:wrong@127.0.0.1:\(server.port)")
            configuration.maximumReconnectDelay = .seconds(30)
            try await withClient(configuration) { client in
                for _ in 0..<10 {
                    await #expect(performing: { try await client.ping() }, throws: isAuthenticationFailure)
                }
            }
            try await withClient(testConfiguration(server.url)) { client in
                let stats = try #require(try await client.send(["INFO", "stats"]).string)
                // One attempt with the wrong password, and this client's own connection.
                #expect(stats.contains("total_connections_received:2\r\n"), "\(stats)")
            }
        }
    }

    @Test func missingPasswordIsAnAuthenticationError() async throws {
        try await withRedisServer(RedisServer.Options(password: "right")) { server in
            try await withClient(testConfiguration("redis://127.0.0.1:\(server.port)")) { client in
                await #expect(performing: { try await client.ping() }, throws: isAuthenticationFailure)
            }
        }
    }

    @Test func aclUserAndPassword() async throws {
        let user = RedisServer.ACLUser(name: "app", password: "app-pass")
        try await withRedisServer(RedisServer.Options(password: "admin", user: user)) { server in
            try await withClient(testConfiguration("redis://app:app-pass@127.0.0.1:\(server.port)")) { client in
                #expect(try await client.send(["ACL", "WHOAMI"]).string == "app")
                try await client.set("k", to: "v")
                #expect(try await client.get("k") == "v")
            }
            try await withClient(testConfiguration("redis://app@127.0.0.1:\(server.port)", authToken: "app-pass")) { client in
                let user = try await client.send(["ACL", "WHOAMI"])
                #expect(user.string == "app")
            }
            try await withClient(testConfiguration("redis://app:admin@127.0.0.1:\(server.port)")) { client in
                await #expect(performing: { try await client.ping() }, throws: isAuthenticationFailure)
            }
        }
    }

    @Test func databaseSelect() async throws {
        try await withRedisServer { server in
            try await withClient(testConfiguration(server.url + "/3")) { three in
                try await three.set("only-in-3", to: "x")
                #expect(try await three.get("only-in-3") == "x")
                // One connection, since SELECT below changes the connection it runs on.
                try await withClient(testConfiguration(server.url, poolSize: 1)) { zero in
                    #expect(try await zero.get("only-in-3") == nil)
                    #expect(try await zero.send(["DBSIZE"]) == .integer(0))
                    _ = try await zero.send(["SELECT", "3"])
                    #expect(try await zero.send(["DBSIZE"]) == .integer(1))
                }
            }
            try await withClient(testConfiguration(server.url + "/99")) { client in
                await #expect {
                    try await client.ping()
                } throws: { error in
                    guard case .invalidConfiguration(let reason) = error as? RedisError else { return false }
                    return reason.contains("SELECT 99")
                }
            }
        }
    }
}
