import Foundation
import MyCandidateRedis
import MyCandidateStorage

/// What `mycandidate config check` shows: every variable in ``EnvironmentVariable/all`` with its
/// effective value and where it came from, and every invalid value. Nothing in it shows a secret:
/// secrets are `***`, URLs have their password replaced, and problems never quote secret values.
public struct ConfigReport: Sendable {
    /// Where a variable's value came from.
    public enum Source: String, Sendable {
        case environment = "env"
        case defaultValue = "default"
    }

    /// One variable's line.
    public struct Row: Sendable, Equatable {
        public var name: String
        /// Safe to print.
        public var value: String
        public var source: Source

        /// A row as the report makes it; `value` must already be safe to print.
        public init(name: String, value: String, source: Source) {
            self.name = name
            self.value = value
            self.source = source
        }
    }

    /// One per ``EnvironmentVariable/all`` entry, in its order.
    public var rows: [Row]
    /// One line per invalid value, each naming its variable; empty when the configuration is valid.
    public var problems: [String]
    /// Set variables that look like MyCandidate's (they share a prefix such as `DB_`) but are not
    /// one of them, most likely typos; names only, since their values could be anything.
    public var unknownVariables: [String]
    /// The configuration, when it is valid.
    public var config: AppConfig?

    /// Whether the server would start with this environment.
    public var isValid: Bool { problems.isEmpty }

    /// Reads `environment` as the server would.
    public init(environment: [String: String]) {
        do throws(ConfigError) {
            config = try AppConfig(environment: environment)
            problems = []
        } catch {
            config = nil
            problems = error.problems
        }
        let config = self.config
        rows = EnvironmentVariable.all.map { variable in
            if let raw = environment[variable.name], !raw.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty {
                return Row(name: variable.name, value: Self.shown(variable, raw: raw, environment: environment), source: .environment)
            }
            let resolved = config.flatMap { Self.resolvedDefault(variable.name, config: $0, environment: environment) }
            return Row(name: variable.name, value: resolved ?? variable.defaultValue, source: .defaultValue)
        }
        unknownVariables = Self.lookAlikes(in: environment)
    }

    /// The rows as aligned lines (name, source, value), then the database and Redis they add up to.
    public var text: String {
        let width = rows.map(\.name.count).max() ?? 0
        var lines = rows.map { row in
            row.name.padding(toLength: width + 2, withPad: " ", startingAt: 0)
                + row.source.rawValue.padding(toLength: 9, withPad: " ", startingAt: 0) + row.value
        }
        if let config {
            var database = "database: \(config.database)"
            if case .postgres(let postgres) = config.database, postgres.tls == .verifyFull {
                database += postgres.caCertificatePath.map { " (certificate checked against \($0))" } ?? " (certificate checked against the system's CAs)"
            }
            lines.append("")
            lines.append(database)
            lines.append("redis: " + (config.redis.map(\.description) ?? "none (sessions, limits and the publish signal stay in this process)"))
        }
        return lines.joined(separator: "\n")
    }

    /// A set value as it may be shown.
    private static func shown(_ variable: EnvironmentVariable, raw: String, environment: [String: String]) -> String {
        switch variable.secrecy {
        case .none:
            return raw.trimmingCharacters(in: .whitespacesAndNewlines)
        case .secret:
            return "***"
        case .passwordInURL:
            // Shown only as parsed and redacted: a value that does not parse may be a password
            // pasted into the wrong variable, and a general redactor could miss part of it.
            let notShown = "(not shown: invalid)"
            switch variable.name {
            case "DATABASE_URL":
                // With DB_CA_FILE, sslmode defaults to verify-full (see DatabaseLocation.fromEnvironment).
                let hasCAFile = !(environment["DB_CA_FILE"]?.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty ?? true)
                return (try? DatabaseLocation(url: raw, defaultTLS: hasCAFile ? .verifyFull : .prefer))?.description ?? notShown
            case "REDIS_URL":
                let token = environment["REDIS_AUTH_TOKEN"]?.trimmingCharacters(in: .whitespaces)
                return (try? RedisConfiguration(url: raw, authToken: token))?.description ?? notShown
            default:
                // A URL variable without a parser here: never guess where its password is.
                return "(set, not shown)"
            }
        }
    }

    /// The value a variable left unset takes in `config`, where it depends on other settings.
    private static func resolvedDefault(_ name: String, config: AppConfig, environment: [String: String]) -> String? {
        let postgres: PostgresLocation? = if case .postgres(let location) = config.database { location } else { nil }
        let fromParts = environment["DATABASE_URL"]?.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty ?? true
        switch name {
        case "MIGRATE_ON_START": return "\(config.migrateOnStart)"
        case "DEMO_DATA": return "\(config.demoData)"
        case "SESSION_COOKIE_SECURE": return "\(config.secureCookies)"
        case "DATABASE_URL" where postgres != nil: return "unset (the DB_ variables are used)"
        case "DB_TLS" where postgres != nil && fromParts: return postgres?.tls.rawValue
        case "DB_PORT" where postgres != nil && fromParts: return postgres.map { "\($0.port)" }
        case "DB_NAME" where postgres != nil && fromParts: return postgres.map { $0.database ?? $0.username }
        default: return nil
        }
    }

    /// Set variables sharing the first part of a known name (`DB_PASS` next to `DB_PASSWORD`).
    private static func lookAlikes(in environment: [String: String]) -> [String] {
        let known = Set(EnvironmentVariable.all.map(\.name))
        let prefixes = Set(known.compactMap { name in name.firstIndex(of: "_").map { String(name[...$0]) } })
        return environment.keys.filter { name in
            // The other OTEL_ variables belong to swift-otel, which reads them itself.
            !known.contains(name) && !name.hasPrefix("OTEL_") && prefixes.contains { name.hasPrefix($0) }
        }.sorted()
    }
}
