import Foundation
import NIOSSL

/// Invalid database settings, one line per problem, each naming its variable. No line quotes a
/// password, whichever variable it came in.
public struct DatabaseSettingsError: Error, Equatable, CustomStringConvertible {
    /// One line per invalid setting, starting with or naming its variable.
    public var problems: [String]

    /// Collects `problems` into one error.
    public init(problems: [String]) {
        self.problems = problems
    }

    public var description: String { problems.joined(separator: "\n") }
}

extension DatabaseLocation {
    /// The variables that describe a PostgreSQL server piece by piece, as ECS injects them from
    /// the RDS-managed secret (`DB_HOST`, `DB_PORT`, `DB_NAME`, `DB_USER`, `DB_PASSWORD`) plus the
    /// TLS mode; they are read only when `DATABASE_URL` is unset.
    public static let partVariables = ["DB_HOST", "DB_PORT", "DB_NAME", "DB_USER", "DB_PASSWORD", "DB_TLS"]

    /// Reads the database location from `environment`, collecting every problem:
    ///
    /// - `DATABASE_URL` (see ``init(url:defaultSQLitePath:defaultTLS:)``);
    /// - or, when it is unset and `DB_HOST` is set, PostgreSQL from `DB_HOST`, `DB_PORT` (5432),
    ///   `DB_NAME` (the user's name), `DB_USER` (required), `DB_PASSWORD` and `DB_TLS`, which
    ///   defaults to `require`: this is the production path, and RDS must only be reached encrypted;
    /// - or else the SQLite file at `defaultSQLitePath`.
    ///
    /// `DB_CA_FILE` names a PEM bundle of CA certificates for either PostgreSQL form; with it the
    /// TLS mode defaults to `verify-full`, and any other mode is refused, since it would not use the
    /// file and the operator would believe the server is verified. Setting `DATABASE_URL` together
    /// with any of ``partVariables`` is refused rather than one silently winning, so there is never
    /// doubt about which database an instance writes to.
    ///
    /// - Throws: ``DatabaseSettingsError`` naming each invalid variable.
    public static func fromEnvironment(
        _ environment: [String: String] = ProcessInfo.processInfo.environment,
        defaultSQLitePath: String = DatabaseLocation.defaultSQLitePath
    ) throws(DatabaseSettingsError) -> DatabaseLocation {
        var problems: [String] = []
        func value(_ name: String) -> String? {
            guard let raw = environment[name]?.trimmingCharacters(in: .whitespacesAndNewlines), !raw.isEmpty else { return nil }
            return raw
        }
        let caFile = value("DB_CA_FILE")
        let partsSet = partVariables.filter { value($0) != nil }
        // Where the TLS mode came from, to name it when it contradicts DB_CA_FILE.
        var tlsSource = "DB_TLS"

        var location = DatabaseLocation.sqlite(path: defaultSQLitePath)
        if let url = value("DATABASE_URL") {
            if !partsSet.isEmpty {
                problems.append(
                    "DATABASE_URL and \(partsSet.joined(separator: ", ")) are both set; configure the database one way, "
                        + "DATABASE_URL or DB_HOST with the other DB_ variables"
                )
            }
            tlsSource = "DATABASE_URL's sslmode"
            do {
                location = try DatabaseLocation(url: url, defaultSQLitePath: defaultSQLitePath, defaultTLS: caFile == nil ? .prefer : .verifyFull)
            } catch {
                problems.append("\(error)")
            }
        } else if let host = value("DB_HOST") {
            if let parts = PostgresLocation(parts: environment, host: host, caFile: caFile, problems: &problems) {
                location = .postgres(parts)
            }
        } else if !partsSet.isEmpty {
            // Falling back to SQLite here would start a production task on an empty local file.
            problems.append("\(partsSet.joined(separator: ", ")) set without DB_HOST; set DB_HOST too, or use DATABASE_URL")
        }

        if let caFile {
            switch location {
            // When the database settings already have a problem, SQLite is only the fallback and
            // saying the CA file does not apply to it would mislead.
            case .sqlite where problems.isEmpty:
                problems.append("DB_CA_FILE is set but the database is SQLite; it only applies to PostgreSQL")
            case .sqlite:
                break
            case .postgres(var postgres):
                if postgres.tls != .verifyFull {
                    problems.append(
                        "DB_CA_FILE is set but \(tlsSource) is \(postgres.tls.rawValue), which does not check the server's "
                            + "certificate; use verify-full, or unset DB_CA_FILE"
                    )
                }
                do throws(CACertificateError) {
                    try PostgresLocation.checkCACertificates(at: caFile)
                } catch {
                    problems.append("DB_CA_FILE=\(caFile) \(error.reason)")
                }
                postgres.caCertificatePath = caFile
                location = .postgres(postgres)
            }
        }
        if !problems.isEmpty { throw DatabaseSettingsError(problems: problems) }
        return location
    }
}

/// Why a CA bundle cannot be used.
struct CACertificateError: Error {
    var reason: String
}

extension PostgresLocation {
    /// Builds the location from the `DB_` variables, appending a problem for each invalid one;
    /// `nil` when any is invalid.
    fileprivate init?(parts environment: [String: String], host rawHost: String, caFile: String?, problems: inout [String]) {
        let before = problems.count
        func value(_ name: String) -> String? {
            guard let raw = environment[name]?.trimmingCharacters(in: .whitespacesAndNewlines), !raw.isEmpty else { return nil }
            return raw
        }
        var host = rawHost
        // An IPv6 address may come bracketed, as in a URL.
        if host.hasPrefix("["), host.hasSuffix("]") { host = String(host.dropFirst().dropLast()) }
        if host.contains("://") || host.contains("/") || host.contains("@") || host.contains(where: \.isWhitespace) {
            // Not quoted: a URL pasted here may hold a password.
            problems.append("DB_HOST is not a host name or IP address (a whole URL belongs in DATABASE_URL)")
        }
        var port = 5432
        if let raw = value("DB_PORT") {
            if let number = Int(raw), (1...65_535).contains(number) { port = number } else {
                problems.append("DB_PORT=\(raw) is not a whole number in 1...65535")
            }
        }
        let user = value("DB_USER")
        if user == nil { problems.append("DB_USER is not set; DB_HOST needs a user name to connect as") }
        var tls: PostgresTLSMode = caFile == nil ? .require : .verifyFull
        if let raw = value("DB_TLS") {
            if let mode = PostgresTLSMode(rawValue: raw.lowercased()) { tls = mode } else {
                let modes = PostgresTLSMode.allCases.map(\.rawValue).joined(separator: ", ")
                problems.append("DB_TLS=\(raw) is not one of \(modes)")
            }
        }
        // Not trimmed: a password is taken exactly as the secret holds it.
        let password = environment["DB_PASSWORD"].flatMap { $0.isEmpty ? nil : $0 }
        guard problems.count == before, let user else { return nil }
        self.init(host: host, port: port, username: user, password: password, database: value("DB_NAME"), tls: tls)
    }

    /// Checks that `path` is a readable PEM file holding at least one certificate, so a wrong
    /// path is reported at start (and by `config check`) rather than at the first connection.
    static func checkCACertificates(at path: String) throws(CACertificateError) {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw CACertificateError(reason: "does not exist")
        }
        guard !isDirectory.boolValue else { throw CACertificateError(reason: "is a folder, not a PEM file") }
        guard let data = FileManager.default.contents(atPath: path) else {
            throw CACertificateError(reason: "cannot be read")
        }
        let certificates = try? NIOSSLCertificate.fromPEMBytes(Array(data))
        guard let certificates, !certificates.isEmpty else {
            throw CACertificateError(reason: "holds no PEM certificates (expected -----BEGIN CERTIFICATE----- blocks)")
        }
    }
}
