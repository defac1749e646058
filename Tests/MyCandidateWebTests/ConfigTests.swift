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
