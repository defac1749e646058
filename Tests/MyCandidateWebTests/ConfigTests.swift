import Foundation
import MyCandidateWeb
import Testing

@Suite struct ConfigTests {
    @Test func defaultsAreTheEmbeddedSetup() throws {
        let config = try AppConfig(environment: [:])
        #expect(config.host == "127.0.0.1")
        #expect(config.port == 8080)
        #expect(config.migrateOnStart)
        #expect(config.demoData)
        #expect(config.snapshotPollInterval == .seconds(5))
    }

    @Test func postgresDoesNotMigrateOrLoadDemoUnlessAsked() throws {
        let config = try AppConfig(environment: ["DATABASE_URL": "postgres://app:secret@db.internal:5432/mycandidate"])
        #expect(!config.migrateOnStart)
        #expect(!config.demoData)
        let asked = try AppConfig(environment: ["DATABASE_URL": "postgresql://app@db/x", "MIGRATE_ON_START": "true"])
        #expect(asked.migrateOnStart)
    }

    @Test func everyInvalidValueIsNamed() {
        #expect {
            try AppConfig(environment: ["PORT": "80x", "MIGRATE_ON_START": "maybe", "LOG_LEVEL": "loud", "DATABASE_URL": "mysql://x"])
        } throws: { error in
            let problems = (error as? ConfigError)?.problems ?? []
            return problems.count == 4
                && problems[0].hasPrefix("PORT=80x")
                && problems.contains { $0.hasPrefix("MIGRATE_ON_START=maybe") }
                && problems.contains { $0.hasPrefix("LOG_LEVEL=loud") }
                && problems.contains { $0.contains("DATABASE_URL") }
        }
    }

    @Test func rateLimitDefaultsAndSettings() throws {
        let defaults = try AppConfig(environment: [:])
        #expect(defaults.rateLimitPerMinute == 600)
        #expect(defaults.rateLimitBurst == 120)
        #expect(defaults.trustedProxies.isEmpty)

        let set = try AppConfig(environment: [
            "RATE_LIMIT_PER_MINUTE": "0", "RATE_LIMIT_BURST": "10",
            "TRUSTED_PROXIES": " 10.0.0.0/16,2001:DB8::/32 , 192.0.2.7,",
        ])
        #expect(set.rateLimitPerMinute == 0)
        #expect(set.rateLimitBurst == 10)
        #expect(set.trustedProxies.description == "10.0.0.0/16, 2001:db8::/32, 192.0.2.7/32")
    }

    @Test func invalidRateLimitSettingsAreNamed() {
        #expect {
            try AppConfig(environment: [
                "RATE_LIMIT_PER_MINUTE": "-1", "RATE_LIMIT_BURST": "0",
                "TRUSTED_PROXIES": "10.0.0.0/16, 10.0.0.0/33, alb.internal",
            ])
        } throws: { error in
            let problems = (error as? ConfigError)?.problems ?? []
            return problems.count == 4
                && problems.contains { $0.hasPrefix("RATE_LIMIT_PER_MINUTE=-1") }
                && problems.contains { $0.hasPrefix("RATE_LIMIT_BURST=0") }
                && problems.contains { $0.hasPrefix("TRUSTED_PROXIES") && $0.contains("10.0.0.0/33") }
                && problems.contains { $0.hasPrefix("TRUSTED_PROXIES") && $0.contains("alb.internal") }
        }
        #expect(throws: ConfigError.self) { try AppConfig(environment: ["RATE_LIMIT_PER_MINUTE": "lots"]) }
    }

    /// The README's configuration table is the operator's reference: it must list every variable.
    @Test func readmeDocumentsEveryVariable() throws {
        let readme = URL(fileURLWithPath: #filePath)
            .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("README.md")
        let text = try String(contentsOf: readme, encoding: .utf8)
        for variable in EnvironmentVariable.all {
            #expect(text.contains("| `\(variable.name)` | \(variable.defaultValue) |"), "README lacks a row for \(variable.name)")
        }
    }
}

@Suite struct AdminCredentialsTests {
    @Test func aPasswordVerifiesAgainstItsHashOnly() {
        let hash = AdminCredentials.hash(password: "a long enough passphrase")
        #expect(hash.hasPrefix("$2"))
        #expect(!hash.contains("passphrase"))
        #expect(AdminCredentials.verify(password: "a long enough passphrase", hash: hash))
        #expect(!AdminCredentials.verify(password: "a long enough passphrasE", hash: hash))
    }

    @Test func namesAndPasswordsFollowTheRules() {
        #expect(throws: Never.self) { try AdminCredentials.validate(username: "amani.k-2@example.org") }
        for bad in ["a", "Amani", "amani k", "ámani", String(repeating: "a", count: 65)] {
            #expect(throws: AdminCredentials.Rejected.self) { try AdminCredentials.validate(username: bad) }
        }
        #expect(throws: Never.self) { try AdminCredentials.validate(password: "twelve chars", username: "zoe") }
        #expect(throws: AdminCredentials.Rejected.self) { try AdminCredentials.validate(password: "eleven char", username: "zoe") }
        #expect(throws: AdminCredentials.Rejected.self) { try AdminCredentials.validate(password: String(repeating: "ü", count: 37), username: "zoe") }
    }
}
