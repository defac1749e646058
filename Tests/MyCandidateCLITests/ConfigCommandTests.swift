import Foundation
import Testing

/// `mycandidate config check`: every setting with its source, secrets redacted; invalid values
/// named one a line with a non-zero exit.
@Suite struct ConfigCommandTests {
    /// Planted in every secret; must appear nowhere in the output.
    static let secret = "Pl4nted-S3cret"

    private func line(_ text: String, _ pattern: String) -> Bool {
        text.range(of: "(?m)^" + pattern + "$", options: .regularExpression) != nil
    }

    @Test func aValidConfigurationIsShownRedactedAndExitsZero() throws {
        let cli = try CLI()
        let result = try cli.run("config", "check", environment: [
            // The database in parts, as ECS injects them from the RDS-managed secret.
            "DATABASE_URL": "", "DB_HOST": "mycandidate.abc123.af-south-1.rds.amazonaws.com", "DB_USER": "app",
            "DB_PASSWORD": Self.secret,
            "REDIS_URL": "rediss://app@cache.internal", "REDIS_AUTH_TOKEN": Self.secret, "PORT": "9000",
        ])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(line(result.stdout, #"PORT +env +9000"#))
        #expect(line(result.stdout, #"HOST +default +127\.0\.0\.1"#))
        #expect(line(result.stdout, #"DB_PASSWORD +env +\*\*\*"#))
        #expect(line(result.stdout, #"REDIS_AUTH_TOKEN +env +\*\*\*"#))
        #expect(line(result.stdout, #"DB_TLS +default +require"#))
        #expect(line(result.stdout, #"MIGRATE_ON_START +default +false"#))
        #expect(result.stdout.contains("database: postgres://app:***@mycandidate.abc123.af-south-1.rds.amazonaws.com:5432?sslmode=require"))
        #expect(result.stdout.contains("redis: rediss://app:***@cache.internal:6379"))
        #expect(result.stdout.hasSuffix("configuration is valid\n"))
        #expect(!(result.stdout + result.stderr).contains("Pl4nted"))
    }

    @Test func invalidValuesAreNamedOneALineAndExitNonZero() throws {
        let cli = try CLI()
        let result = try cli.run("config", "check", environment: [
            "DATABASE_URL": "", "PORT": "80x", "LOG_LEVEL": "loud", "DB_HOST": "db", "DB_PASSWORD": Self.secret, "DB_TLS": "maybe",
            "REDIS_URL": "redis://app:\(Self.secret)@cache:port", "DB_PASS": Self.secret,
        ])
        #expect(result.status == 1)
        let invalid = result.stderr.split(separator: "\n").filter { $0.hasPrefix("invalid: ") }
        #expect(invalid.count == 5, "\(result.stderr)")
        for name in ["PORT=80x", "LOG_LEVEL=loud", "DB_USER is not set", "DB_TLS=maybe", "REDIS_URL"] {
            #expect(invalid.contains { $0.contains(name) }, "no line names \(name): \(result.stderr)")
        }
        #expect(result.stderr.contains("warning: DB_PASS is set but is not a MyCandidate setting"))
        // The table is still printed, for what is right.
        #expect(line(result.stdout, #"DB_PASSWORD +env +\*\*\*"#))
        #expect(line(result.stdout, #"REDIS_URL +env +\(not shown: invalid\)"#))
        #expect(!result.stdout.contains("configuration is valid"))
        #expect(!(result.stdout + result.stderr).contains("Pl4nted"), "\(result.stdout)\n\(result.stderr)")
    }
}
