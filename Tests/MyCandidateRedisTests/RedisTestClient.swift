import Logging
import MyCandidateRedis
import MyCandidateTestSupport

/// Runs `body` with a client for `configuration`, shut down afterwards whatever happens.
func withClient(_ configuration: RedisConfiguration, _ body: (RedisClient) async throws -> Void) async throws {
    let client = try RedisClient(configuration: configuration, logger: testLogger)
    do {
        try await body(client)
        await client.shutdown()
    } catch {
        await client.shutdown()
        throw error
    }
}

/// Test settings: short timeouts and backoff, so outages play out in well under a second.
func testConfiguration(_ url: String, authToken: String? = nil, poolSize: Int = 2) throws -> RedisConfiguration {
    var configuration = try RedisConfiguration(url: url, authToken: authToken)
    configuration.connectTimeout = .seconds(2)
    configuration.commandTimeout = .seconds(2)
    configuration.poolSize = poolSize
    configuration.minimumReconnectDelay = .milliseconds(20)
    configuration.maximumReconnectDelay = .milliseconds(200)
    return configuration
}

let testLogger: Logger = {
    var logger = Logger(label: "mycandidate.redis.tests")
    // Outage tests make the client warn on purpose.
    logger.logLevel = .error
    return logger
}()
