import MyCandidateWeb
import Testing

@Suite struct LifecycleConfigTests {
    @Test func defaultsFollowTheSetup() throws {
        let embedded = try AppConfig(environment: [:])
        #expect(embedded.startupDatabaseTimeout == .seconds(60))
        #expect(embedded.shutdownDelay == .zero, "nothing routes to a laptop's server: Ctrl-C stops at once")
        #expect(embedded.shutdownTimeout == .seconds(25))

        let production = try AppConfig(environment: ["DATABASE_URL": "postgres://app@db.internal/mycandidate"])
        #expect(production.shutdownDelay == .seconds(5), "behind a load balancer the task is deregistered first")
        #expect(production.shutdownTimeout == .seconds(25))
    }

    @Test func settingsAreRead() throws {
        let config = try AppConfig(environment: ["STARTUP_DB_TIMEOUT": "0", "SHUTDOWN_DELAY": "10", "SHUTDOWN_TIMEOUT": "28"])
        #expect(config.startupDatabaseTimeout == .zero)
        #expect(config.shutdownDelay == .seconds(10))
        #expect(config.shutdownTimeout == .seconds(28))
    }

    @Test func theDelayMustLeaveTimeToFinishRequests() {
        #expect {
            try AppConfig(environment: ["SHUTDOWN_DELAY": "30", "SHUTDOWN_TIMEOUT": "25"])
        } throws: { error in
            (error as? ConfigError)?.problems == ["SHUTDOWN_DELAY=30 must be shorter than SHUTDOWN_TIMEOUT=25"]
        }
        #expect {
            try AppConfig(environment: ["DATABASE_URL": "postgres://app@db/x", "SHUTDOWN_TIMEOUT": "5"])
        } throws: { error in
            (error as? ConfigError)?.problems == ["SHUTDOWN_DELAY (5 by default) must be shorter than SHUTDOWN_TIMEOUT=5"]
        }
    }

    @Test func invalidValuesAreNamed() {
        #expect {
            try AppConfig(environment: ["STARTUP_DB_TIMEOUT": "-1", "SHUTDOWN_DELAY": "soon", "SHUTDOWN_TIMEOUT": "0"])
        } throws: { error in
            let problems = (error as? ConfigError)?.problems ?? []
            return problems.contains { $0.hasPrefix("STARTUP_DB_TIMEOUT=-1") }
                && problems.contains { $0.hasPrefix("SHUTDOWN_DELAY=soon") }
                && problems.contains { $0.hasPrefix("SHUTDOWN_TIMEOUT=0") }
        }
    }
}
