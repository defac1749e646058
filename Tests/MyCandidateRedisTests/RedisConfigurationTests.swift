import Foundation
@testable import MyCandidateRedis
import Testing

@Suite struct RedisConfigurationTests {
    @Test func plainHostHasTheDefaults() throws {
        let configuration = try RedisConfiguration(url: "redis://cache.internal")
        #expect(configuration.host == "cache.internal")
        #expect(configuration.port == 6379)
        #expect(configuration.username == nil)
        #expect(configuration.password == nil)
        #expect(configuration.database == 0)
        #expect(configuration.tls == nil)
        #expect(configuration.poolSize == 4)
        #expect(configuration.connectTimeout == .seconds(2))
        #expect(configuration.commandTimeout == .seconds(1))
    }

    @Test func everyURLForm() throws {
        let password = try RedisConfiguration(url: "redis://:s3cret@127.0.0.1:6380/3")
        #expect(password.host == "127.0.0.1")
        #expect(password.port == 6380)
        #expect(password.username == nil)
        #expect(password.password == "s3cret")
        #expect(password.database == 3)

        let user = try RedisConfiguration(url: "redis://alice:p%40ss:w/rd@cache.internal/0")
        #expect(user.username == "alice")
        #expect(user.password == "p@ss:w/rd")
        #expect(user.database == 0)

        let elastiCache = try RedisConfiguration(url: "rediss://app:token@master.example.abc123.euw1.cache.amazonaws.com:6379")
        #expect(elastiCache.tls == RedisConfiguration.TLS())
        #expect(elastiCache.host == "master.example.abc123.euw1.cache.amazonaws.com")

        let ipv6 = try RedisConfiguration(url: "REDIS://[::1]:7000/2")
        #expect(ipv6.host == "::1")
        #expect(ipv6.port == 7000)
        #expect(ipv6.database == 2)

        #expect(try RedisConfiguration(url: " redis://h/ ").database == 0)
    }

    @Test func authTokenSetsOrReplacesThePassword() throws {
        #expect(try RedisConfiguration(url: "rediss://h", authToken: "tok").password == "tok")
        #expect(try RedisConfiguration(url: "redis://:old@h", authToken: "new").password == "new")
        #expect(try RedisConfiguration(url: "redis://:old@h", authToken: "").password == "old")
        let user = try RedisConfiguration(url: "redis://app@h", authToken: "tok")
        #expect(user.username == "app")
        #expect(user.password == "tok")
        #expect(throws: RedisError.self) { try RedisConfiguration(url: "redis://app@h") }
    }

    @Test func readsTheEnvironment() throws {
        #expect(try RedisConfiguration.fromEnvironment([:]) == nil)
        #expect(try RedisConfiguration.fromEnvironment(["REDIS_URL": " "]) == nil)
        let configuration = try #require(try RedisConfiguration.fromEnvironment(["REDIS_URL": "rediss://h:6380", "REDIS_AUTH_TOKEN": "tok"]))
        #expect(configuration.password == "tok")
        #expect(configuration.port == 6380)
        #expect(throws: RedisError.self) { try RedisConfiguration.fromEnvironment(["REDIS_AUTH_TOKEN": "tok"]) }
    }

    @Test(arguments: [
        ("http://h", "unsupported scheme"),
        ("cache.internal:6379", "no scheme"),
        ("redis://", "no host"),
        ("redis://:pw@", "no host"),
        ("redis://h:0", "port"),
        ("redis://h:65536", "port"),
        ("redis://h:abc", "port is not a number"),
        ("redis://h/-1", "database"),
        ("redis://h/x", "database is not a number"),
        ("redis://h?timeout=5", "query"),
        ("redis://[::1", "IPv6"),
        ("redis://ho st", "host"),
    ])
    func badURLsAreExplained(url: String, reason: String) {
        #expect {
            try RedisConfiguration(url: url)
        } throws: { error in
            guard case .invalidConfiguration(let text) = error as? RedisError else { return false }
            return text.contains(reason)
        }
    }

    @Test func thePasswordIsNeverShown() throws {
        let configuration = try RedisConfiguration(url: "rediss://alice:hunter2@cache.internal:6380/1")
        #expect(configuration.description == "rediss://alice:***@cache.internal:6380/1")
        #expect(String(reflecting: configuration) == configuration.description)
        var dumped = ""
        dump(configuration, to: &dumped)
        #expect(!dumped.contains("hunter2"))
        #expect(!"\(configuration)".contains("hunter2"))
        #expect(try RedisConfiguration(url: "redis://:hunter2@[::1]").description == "redis://:***@[::1]:6379")
        #expect(try RedisConfiguration(url: "redis://h").description == "redis://h:6379")

        // Malformed URLs whose password lands where a port, database or scheme would be.
        for url in ["redis://:hunter2", "redis://h:hunter2", "redis://h/hunter2", "hunter2://h", "redis:hunter2@h", "redis://a:b@h:hunter2", "redis://u:123456"] {
            #expect {
                try RedisConfiguration(url: url)
            } throws: { error in
                !String(describing: error).contains("hunter2") && !String(describing: error).contains("123456")
            }
        }
    }

    @Test func unusableSettingsAreRefused() throws {
        var configuration = try RedisConfiguration(url: "redis://h")
        configuration.poolSize = 0
        #expect(throws: RedisError.self) { try RedisClient(configuration: configuration) }
        configuration.poolSize = 1
        configuration.commandTimeout = .zero
        #expect(throws: RedisError.self) { try RedisClient(configuration: configuration) }
        configuration.commandTimeout = .seconds(1)
        configuration.minimumReconnectDelay = .seconds(10)
        #expect(throws: RedisError.self) { try RedisClient(configuration: configuration) }
    }

    @Test func expiriesAreWholeMillisecondsRoundedUp() throws {
        #expect(try RedisClient.milliseconds(.seconds(2)) == 2000)
        #expect(try RedisClient.milliseconds(.microseconds(1)) == 1)
        #expect(try RedisClient.milliseconds(.milliseconds(1500)) == 1500)
        #expect(throws: RedisError.self) { try RedisClient.milliseconds(.zero) }
    }

    @Test func backoffGrowsToTheMaximumWithJitter() {
        let backoff = ReconnectBackoff(minimum: .milliseconds(100), maximum: .seconds(2))
        for _ in 0..<50 {
            let first = backoff.delay(afterFailures: 1)
            #expect(first >= .milliseconds(50) && first <= .milliseconds(100))
            let fourth = backoff.delay(afterFailures: 4)
            #expect(fourth >= .milliseconds(400) && fourth <= .milliseconds(800))
            let late = backoff.delay(afterFailures: 1000)
            #expect(late >= .seconds(1) && late <= .seconds(2))
        }
    }
}
