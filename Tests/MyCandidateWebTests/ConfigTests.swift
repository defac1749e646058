import Foundation
import HTTPTypes
import MyCandidateStorage
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

    @Test func theClientAddressHeaderNeedsTrustedProxiesAndAHeaderName() throws {
        let set = try AppConfig(environment: ["TRUSTED_PROXIES": "10.0.0.0/16", "CLIENT_ADDRESS_HEADER": "CloudFront-Viewer-Address"])
        #expect(set.trustedProxies.clientAddressHeader == HTTPField.Name("cloudfront-viewer-address"))
        #expect(try AppConfig(environment: [:]).trustedProxies.clientAddressHeader == nil)
        #expect {
            try AppConfig(environment: ["CLIENT_ADDRESS_HEADER": "Viewer Address"])
        } throws: { error in
            let problems = (error as? ConfigError)?.problems ?? []
            return problems.count == 2
                && problems.contains { $0.hasPrefix("CLIENT_ADDRESS_HEADER=Viewer Address is not an HTTP header name") }
                && problems.contains { $0.contains("TRUSTED_PROXIES is not") }
        }
    }

    /// The README's configuration table is the operator's reference: row for row, it is what
    /// ``EnvironmentVariable/all`` says, so neither can drift from the other. On a mismatch the
    /// message carries the table to paste.
    @Test func readmeTableIsTheVariableList() throws {
        let readme = URL(fileURLWithPath: #filePath)
            .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("README.md")
        let text = try String(contentsOf: readme, encoding: .utf8)
        let section = try #require(text.components(separatedBy: "\n## Configuration\n").dropFirst().first)
            .components(separatedBy: "\n## ")[0]
        let documented = section.split(separator: "\n").map(String.init).filter { $0.hasPrefix("| `") }
        let expected = EnvironmentVariable.all.map(\.markdownRow)
        #expect(documented == expected, "README's configuration table should be:\n\(expected.joined(separator: "\n"))")
        #expect(Set(EnvironmentVariable.all.map(\.name)).count == EnvironmentVariable.all.count, "a variable is listed twice")
    }
}

/// The database from `DATABASE_URL` or from the parts ECS injects from the RDS-managed secret, and
/// TLS to it.
@Suite struct DatabaseConfigTests {
    /// Planted in secrets; must appear in no output.
    static let secret = "Pl4nted-S3cret"

    @Test func partsMakeAPostgresLocationWithTLSRequired() throws {
        let config = try AppConfig(environment: [
            "DB_HOST": "mycandidate.abc123.af-south-1.rds.amazonaws.com", "DB_PORT": "6543", "DB_NAME": "mycandidate",
            "DB_USER": "app", "DB_PASSWORD": " \(Self.secret) ",
        ])
        // The password is taken exactly as the secret holds it, spaces and all.
        #expect(config.database == .postgres(PostgresLocation(
            host: "mycandidate.abc123.af-south-1.rds.amazonaws.com", port: 6543, username: "app",
            password: " \(Self.secret) ", database: "mycandidate", tls: .require
        )))
        #expect(!config.migrateOnStart)
        #expect(config.secureCookies)

        let minimal = try AppConfig(environment: ["DB_HOST": "[::1]", "DB_USER": "app"])
        #expect(minimal.database == .postgres(PostgresLocation(host: "::1", port: 5432, username: "app", database: nil, tls: .require)))
    }

    @Test(arguments: PostgresTLSMode.allCases)
    func everyTLSModeCanBeChosen(mode: PostgresTLSMode) throws {
        let config = try AppConfig(environment: ["DB_HOST": "db", "DB_USER": "app", "DB_TLS": mode.rawValue.uppercased()])
        guard case .postgres(let location) = config.database else { throw ConfigTestFailure("not PostgreSQL") }
        #expect(location.tls == mode)
    }

    @Test func aCAFileMakesVerifyFullTheDefaultForBothForms() throws {
        let caFile = try TemporaryFile(Self.testCA)
        defer { caFile.remove() }
        let parts = try AppConfig(environment: ["DB_HOST": "db", "DB_USER": "app", "DB_CA_FILE": caFile.path])
        #expect(parts.database == .postgres(PostgresLocation(
            host: "db", username: "app", database: nil, tls: .verifyFull, caCertificatePath: caFile.path
        )))
        let url = try AppConfig(environment: ["DATABASE_URL": "postgres://app@db/x", "DB_CA_FILE": caFile.path])
        #expect(url.database == .postgres(PostgresLocation(
            host: "db", username: "app", database: "x", tls: .verifyFull, caCertificatePath: caFile.path
        )))
        let explicit = try AppConfig(environment: ["DATABASE_URL": "postgres://app@db/x?sslmode=verify-full", "DB_CA_FILE": caFile.path])
        #expect(explicit.database == url.database)
        // Without a CA file the URL keeps its old default; verify-full then trusts the system's CAs.
        let plain = try AppConfig(environment: ["DATABASE_URL": "postgres://app@db/x"])
        #expect(plain.database == .postgres(PostgresLocation(host: "db", username: "app", database: "x", tls: .prefer)))
    }

    @Test func unusableCAFilesAreNamed() throws {
        let notPEM = try TemporaryFile("just some text\n")
        defer { notPEM.remove() }
        let folder = FileManager.default.temporaryDirectory.path
        let cases: [(String, String)] = [
            ("/nonexistent/rds-global-bundle.pem", "DB_CA_FILE=/nonexistent/rds-global-bundle.pem does not exist"),
            (folder, "DB_CA_FILE=\(folder) is a folder"),
            (notPEM.path, "DB_CA_FILE=\(notPEM.path) holds no PEM certificates"),
        ]
        for (path, message) in cases {
            let problems = problems(["DB_HOST": "db", "DB_USER": "app", "DB_CA_FILE": path])
            #expect(problems.count == 1 && problems[0].hasPrefix(message), "\(problems)")
        }
    }

    @Test func aCAFileWithAModeThatIgnoresItIsRefused() throws {
        let caFile = try TemporaryFile(Self.testCA)
        defer { caFile.remove() }
        let parts = problems(["DB_HOST": "db", "DB_USER": "app", "DB_TLS": "require", "DB_CA_FILE": caFile.path])
        #expect(parts == ["DB_CA_FILE is set but DB_TLS is require, which does not check the server's certificate; use verify-full, or unset DB_CA_FILE"])
        let url = problems(["DATABASE_URL": "postgres://app@db/x?sslmode=prefer", "DB_CA_FILE": caFile.path])
        #expect(url.count == 1 && url[0].contains("DATABASE_URL's sslmode is prefer"))
        let sqlite = problems(["DB_CA_FILE": caFile.path])
        #expect(sqlite == ["DB_CA_FILE is set but the database is SQLite; it only applies to PostgreSQL"])
    }

    /// Both forms at once would leave doubt about which database an instance writes to.
    @Test func aURLAndPartsTogetherAreRefusedByName() {
        let problems = problems([
            "DATABASE_URL": "postgres://app:\(Self.secret)@db/x", "DB_HOST": "other", "DB_PASSWORD": Self.secret, "DB_TLS": "require",
        ])
        #expect(problems == [
            "DATABASE_URL and DB_HOST, DB_PASSWORD, DB_TLS are both set; configure the database one way, DATABASE_URL or DB_HOST with the other DB_ variables",
        ])
    }

    @Test func partsWithoutAHostOrUserAndBadPartsAreNamed() {
        // Falling back to SQLite would start a production task on an empty local file.
        #expect(problems(["DB_USER": "app", "DB_PASSWORD": Self.secret]) == [
            "DB_USER, DB_PASSWORD set without DB_HOST; set DB_HOST too, or use DATABASE_URL",
        ])
        let bad = problems([
            "DB_HOST": "postgres://app:\(Self.secret)@db/x", "DB_PORT": "54321x", "DB_TLS": "maybe", "DB_PASSWORD": Self.secret, "PORT": "0",
        ])
        #expect(bad.count == 5, "\(bad)")
        #expect(bad.contains { $0.hasPrefix("PORT=0") })
        #expect(bad.contains { $0.hasPrefix("DB_HOST is not a host name") })
        #expect(bad.contains { $0.hasPrefix("DB_PORT=54321x is not a whole number") })
        #expect(bad.contains { $0.hasPrefix("DB_USER is not set") })
        #expect(bad.contains { $0 == "DB_TLS=maybe is not one of disable, prefer, require, verify-full" })
        #expect(!bad.joined().contains(Self.secret))
    }

    @Test func aRedisTokenWithoutARedisURLIsNamed() {
        #expect(problems(["REDIS_AUTH_TOKEN": Self.secret]) == [
            "REDIS_AUTH_TOKEN is set but REDIS_URL is not; the token is only used with REDIS_URL",
        ])
    }

    private func problems(_ environment: [String: String]) -> [String] {
        do {
            _ = try AppConfig(environment: environment)
            return []
        } catch {
            return error.problems
        }
    }

    /// A self-signed CA certificate (its key thrown away): only ever parsed, never trusted.
    static let testCA = """
        -----BEGIN CERTIFICATE-----
        MIIBnzCCAUWgAwIBAgIUYfTVOTxCpeYCjT6aDLydTYyLmxowCgYIKoZIzj0EAwIw
        JTEjMCEGA1UEAwwaTXlDYW5kaWRhdGUgY29uZmlnIHRlc3QgQ0EwHhcNMjYxMTI1
        MTYyMDM3WhcNMzYxMTIyMTYyMDM3WjAlMSMwIQYDVQQDDBpNeUNhbmRpZGF0ZSBj
        b25maWcgdGVzdCBDQTBZMBMGByqGSM49AgEGCCqGSM49AwEHA0IABNddL4ebyCds
        +DfQI5+PmQEYejmJ7EX3DjjwdzIRfvtH/kFE36FApYfMQC+7oM37e6Z9kjTyavlj
        ERoBbW2m3bOjUzBRMB0GA1UdDgQWBBQ11PlJECiYPkykJPICy+R4xnsL7jAfBgNV
        HSMEGDAWgBQ11PlJECiYPkykJPICy+R4xnsL7jAPBgNVHRMBAf8EBTADAQH/MAoG
        CCqGSM49BAMCA0gAMEUCIFe4mzaYHrJ9aEXg11F1FkcGULlJrEh9Dlyy/7h1EWW1
        AiEAstNcg4UqjNQZgQqTnz/ChWAXDhmYw+doejuqcB1DyXg=
        -----END CERTIFICATE-----

        """
}

/// What `mycandidate config check` prints, and that no secret is ever in it.
@Suite struct ConfigReportTests {
    static let secret = DatabaseConfigTests.secret

    @Test func everyVariableHasARowWithItsSource() throws {
        let report = ConfigReport(environment: ["PORT": "9090", "DB_HOST": "db.internal", "DB_USER": "app", "DB_PASSWORD": Self.secret])
        #expect(report.isValid)
        #expect(report.rows.map(\.name) == EnvironmentVariable.all.map(\.name))
        func row(_ name: String) -> ConfigReport.Row? { report.rows.first { $0.name == name } }
        #expect(row("PORT") == .init(name: "PORT", value: "9090", source: .environment))
        #expect(row("HOST") == .init(name: "HOST", value: "127.0.0.1", source: .defaultValue))
        #expect(row("DB_PASSWORD") == .init(name: "DB_PASSWORD", value: "***", source: .environment))
        // Defaults that depend on other settings are shown as they came out.
        #expect(row("DB_TLS") == .init(name: "DB_TLS", value: "require", source: .defaultValue))
        #expect(row("DB_PORT") == .init(name: "DB_PORT", value: "5432", source: .defaultValue))
        #expect(row("DB_NAME") == .init(name: "DB_NAME", value: "app", source: .defaultValue))
        #expect(row("MIGRATE_ON_START") == .init(name: "MIGRATE_ON_START", value: "false", source: .defaultValue))
        #expect(row("DATABASE_URL")?.value == "unset (the DB_ variables are used)")
        #expect(report.text.contains("database: postgres://app:***@db.internal:5432?sslmode=require"))
        #expect(!report.text.contains(Self.secret))
    }

    @Test func passwordsInURLsAndSecretsAreRedacted() throws {
        let environment = [
            "DATABASE_URL": "postgres://app:\(Self.secret)@db.internal/mycandidate?sslmode=require",
            "REDIS_URL": "rediss://app:\(Self.secret)@cache.internal:6380",
            "REDIS_AUTH_TOKEN": Self.secret + "-token",
        ]
        let report = ConfigReport(environment: environment)
        #expect(report.isValid, "\(report.problems)")
        #expect(report.rows.first { $0.name == "DATABASE_URL" }?.value == "postgres://app:***@db.internal:5432/mycandidate?sslmode=require")
        #expect(report.rows.first { $0.name == "REDIS_URL" }?.value == "rediss://app:***@cache.internal:6380")
        #expect(report.rows.first { $0.name == "REDIS_AUTH_TOKEN" }?.value == "***")
        #expect(!report.text.contains("Pl4nted"))
        // Nor through the configuration's own descriptions, however it is printed.
        let config = try #require(report.config)
        var dumped = ""
        dump(config, to: &dumped)
        for text in [String(describing: config), String(reflecting: config), dumped, "\(config.database)", "\(String(describing: config.redis))"] {
            #expect(!text.contains("Pl4nted"), "\(text)")
        }
    }

    /// Every variable marked secret (including ones added later) gets a planted value in an
    /// invalid shape; neither the rows nor the problems may show any of it.
    @Test func invalidSecretsAreNamedButNeverShown() {
        var environment: [String: String] = [:]
        for variable in EnvironmentVariable.all where variable.secrecy != .none {
            environment[variable.name] = "\(Self.secret)-\(variable.name)"
        }
        environment["DB_HOST"] = "db"
        let report = ConfigReport(environment: environment)
        #expect(!report.isValid)
        #expect(report.problems.contains { $0.contains("DATABASE_URL") })
        #expect(report.problems.contains { $0.contains("REDIS_URL") })
        #expect(!(report.text + report.problems.joined()).contains("Pl4nted"), "\(report.text)\n\(report.problems)")
        #expect(report.rows.first { $0.name == "DATABASE_URL" }?.value == "(not shown: invalid)")

        for url in ["mysql://u:\(Self.secret)@h/d", "postgres://u:\(Self.secret)@h:port/d", "postgres://u@h/d?password=\(Self.secret)"] {
            let report = ConfigReport(environment: ["DATABASE_URL": url])
            #expect(report.problems.count == 1 && report.problems[0].contains("DATABASE_URL"))
            #expect(!(report.text + report.problems.joined()).contains("Pl4nted"), "\(report.problems)")
        }
        for url in ["redis://u:\(Self.secret)@h:port", "redis://u:\(Self.secret)@h/x", "memcached://u:\(Self.secret)@h"] {
            let report = ConfigReport(environment: ["REDIS_URL": url])
            #expect(report.problems.count == 1 && report.problems[0].hasPrefix("REDIS_URL"))
            #expect(!(report.text + report.problems.joined()).contains("Pl4nted"), "\(report.problems)")
        }
    }

    @Test func lookAlikeVariablesAreNamed() {
        let report = ConfigReport(environment: ["DB_PASS": Self.secret, "REDIS_TOKEN": "x", "HOSTNAME": "box", "PATH": "/bin", "DB_USER": "app"])
        #expect(report.unknownVariables == ["DB_PASS", "REDIS_TOKEN"])
        // DB_USER without DB_HOST is a problem of its own.
        #expect(!report.isValid)
    }
}

/// A file in the temporary folder; the test removes it with ``remove()``.
struct TemporaryFile {
    let path: String

    init(_ text: String) throws {
        path = FileManager.default.temporaryDirectory.appendingPathComponent("mycandidate-\(UUID().uuidString).pem").path
        try Data(text.utf8).write(to: URL(fileURLWithPath: path))
    }

    func remove() { try? FileManager.default.removeItem(atPath: path) }
}

struct ConfigTestFailure: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
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
