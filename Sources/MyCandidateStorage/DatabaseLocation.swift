import Foundation

/// Where the dataset repository lives, as configured by `DATABASE_URL`.
///
/// Accepted forms:
/// - unset or empty: an SQLite file at the default path (`./data/mycandidate.sqlite`);
/// - `sqlite:PATH`, `sqlite://PATH` (relative) or `sqlite:///abs/path`;
/// - `postgres://` or `postgresql://user:password@host:port/database?sslmode=MODE`, with
///   percent-encoded user and password, port 5432 by default and `sslmode` one of `disable`,
///   `prefer` (the default), `require` (encrypted, certificate not checked) or `verify-full`.
///
/// ``fromEnvironment(_:defaultSQLitePath:)`` also accepts the server in parts (`DB_HOST`, ...).
public enum DatabaseLocation: Sendable, Equatable, CustomStringConvertible {
    /// An SQLite database file; relative paths are resolved against the working directory.
    case sqlite(path: String)
    /// A PostgreSQL server and database.
    case postgres(PostgresLocation)

    /// The SQLite file used when `DATABASE_URL` is unset or empty.
    public static let defaultSQLitePath = "./data/mycandidate.sqlite"

    /// Parses a `DATABASE_URL` value.
    ///
    /// - Parameter defaultTLS: the TLS mode of a postgres URL without `sslmode`.
    /// - Throws: ``StorageError/invalidDatabaseURL(_:)`` with a reason that never includes the
    ///   password.
    public init(
        url: String?,
        defaultSQLitePath: String = DatabaseLocation.defaultSQLitePath,
        defaultTLS: PostgresTLSMode = .prefer
    ) throws {
        let url = url?.trimmingCharacters(in: .whitespacesAndNewlines) ?? ""
        if url.isEmpty {
            self = .sqlite(path: defaultSQLitePath)
            return
        }
        let scheme = url.prefix { $0 != ":" }
        guard scheme.count < url.count else {
            throw StorageError.invalidDatabaseURL("no scheme; expected sqlite:PATH or postgres://user@host/database")
        }
        switch scheme.lowercased() {
        case "sqlite":
            self = .sqlite(path: try Self.sqlitePath(url.dropFirst(scheme.count + 1)))
        case "postgres", "postgresql":
            self = .postgres(try PostgresLocation(parsing: url.dropFirst(scheme.count + 1), defaultTLS: defaultTLS))
        default:
            // The scheme is only echoed when it looks like one, so a malformed URL that starts
            // with credentials cannot leak them.
            let shown = scheme.count <= 20 && scheme.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "+") }
                ? "'\(scheme)'" : "in the URL"
            throw StorageError.invalidDatabaseURL(
                "unsupported scheme \(shown); expected sqlite:PATH or postgres://user@host/database"
            )
        }
    }

    /// The location as a URL with the password replaced by `***`; safe to log.
    public var description: String {
        switch self {
        case .sqlite(let path): "sqlite:\(path)"
        case .postgres(let location): location.description
        }
    }

    private static func sqlitePath(_ rest: Substring) throws -> String {
        // `sqlite://data/x.sqlite` is relative and `sqlite:///abs/x.sqlite` absolute: dropping
        // the two slashes of the authority gives exactly that.
        let path = rest.hasPrefix("//") ? rest.dropFirst(2) : rest
        guard !path.isEmpty else { throw StorageError.invalidDatabaseURL("the sqlite URL has no file path") }
        return String(path)
    }
}

/// How a PostgreSQL connection is encrypted, after libpq's `sslmode`.
public enum PostgresTLSMode: String, Sendable, Equatable, CaseIterable {
    case disable
    /// Encrypt when the server offers it, without checking its certificate.
    case prefer
    /// Always encrypt, without checking the server's certificate.
    case require
    /// Always encrypt and check the certificate and host name, against
    /// ``PostgresLocation/caCertificatePath`` when it is set, else the system's trust roots.
    case verifyFull = "verify-full"
}

/// A parsed `postgres://` URL.
public struct PostgresLocation: Sendable, Equatable, CustomStringConvertible {
    /// A host name or IP address (IPv6 without brackets).
    public var host: String
    public var port: Int
    public var username: String
    /// Kept out of ``description``; `nil` when the URL has none.
    public var password: String?
    /// `nil` connects to the database named like the user, as PostgreSQL does.
    public var database: String?
    public var tls: PostgresTLSMode
    /// A PEM file of CA certificates (for RDS, the bundle AWS publishes) that ``PostgresTLSMode/verifyFull``
    /// trusts instead of the system's roots; only that mode reads it.
    public var caCertificatePath: String?

    /// Describes a server directly, without a URL.
    public init(
        host: String,
        port: Int = 5432,
        username: String,
        password: String? = nil,
        database: String?,
        tls: PostgresTLSMode = .prefer,
        caCertificatePath: String? = nil
    ) {
        self.host = host
        self.port = port
        self.username = username
        self.password = password
        self.database = database
        self.tls = tls
        self.caCertificatePath = caCertificatePath
    }

    /// Parses what follows `postgres:` in a URL. Reasons never quote the user info.
    init(parsing rest: Substring, defaultTLS: PostgresTLSMode) throws {
        func invalid(_ reason: String) -> StorageError { .invalidDatabaseURL(reason) }
        guard rest.hasPrefix("//") else { throw invalid("a postgres URL starts with postgres://") }
        var remainder = rest.dropFirst(2)

        var query: Substring = ""
        if let mark = remainder.firstIndex(of: "?") {
            query = remainder[remainder.index(after: mark)...]
            remainder = remainder[..<mark]
        }
        var databasePart: Substring = ""
        if let slash = remainder.firstIndex(of: "/") {
            databasePart = remainder[remainder.index(after: slash)...]
            remainder = remainder[..<slash]
        }
        // The password may itself contain an unencoded "@", so the host starts after the last one.
        guard let at = remainder.lastIndex(of: "@") else { throw invalid("the postgres URL has no user name (user@host)") }
        let userInfo = remainder[..<at]
        let hostPort = remainder[remainder.index(after: at)...]

        let rawUser: Substring
        var rawPassword: Substring?
        if let colon = userInfo.firstIndex(of: ":") {
            rawUser = userInfo[..<colon]
            rawPassword = userInfo[userInfo.index(after: colon)...]
        } else {
            rawUser = userInfo
        }
        guard let user = String(rawUser).removingPercentEncoding, !user.isEmpty else {
            throw invalid("the postgres URL has an empty or badly percent-encoded user name")
        }
        var password: String?
        if let rawPassword {
            guard let decoded = String(rawPassword).removingPercentEncoding else {
                throw invalid("the postgres URL has a badly percent-encoded password")
            }
            password = decoded
        }

        var host: Substring
        var portText: Substring?
        if hostPort.hasPrefix("[") {
            guard let close = hostPort.firstIndex(of: "]") else { throw invalid("unterminated IPv6 address in the postgres URL") }
            host = hostPort[hostPort.index(after: hostPort.startIndex)..<close]
            let after = hostPort[hostPort.index(after: close)...]
            if !after.isEmpty {
                guard after.hasPrefix(":") else { throw invalid("unexpected text after the IPv6 address") }
                portText = after.dropFirst()
            }
        } else if let colon = hostPort.lastIndex(of: ":") {
            host = hostPort[..<colon]
            portText = hostPort[hostPort.index(after: colon)...]
        } else {
            host = hostPort
        }
        guard !host.isEmpty else { throw invalid("the postgres URL has no host") }
        var port = 5432
        if let portText {
            guard let value = Int(portText), (1...65_535).contains(value) else {
                throw invalid("the postgres URL's port '\(portText)' is not a number from 1 to 65535")
            }
            port = value
        }
        guard let database = String(databasePart).removingPercentEncoding else {
            throw invalid("the postgres URL has a badly percent-encoded database name")
        }

        // An unencoded "?" in the password moves the rest of the password into the query,
        // which then still holds the "@host" part: refuse it without quoting anything.
        guard !query.contains("@") else {
            throw invalid("the postgres URL's query contains '@'; percent-encode special characters in the password")
        }
        func quoted(_ text: Substring) -> String {
            text.count <= 40 && text.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "_" || $0 == "-") }
                ? "'\(text)'" : "(not shown)"
        }
        var tls = defaultTLS
        for parameter in query.split(separator: "&") where !parameter.isEmpty {
            let pair = parameter.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            let name = pair[0]
            let value = pair.count > 1 ? pair[1] : ""
            switch name {
            case "sslmode":
                guard let mode = PostgresTLSMode(rawValue: String(value)) else {
                    let modes = PostgresTLSMode.allCases.map(\.rawValue).joined(separator: ", ")
                    throw invalid("sslmode \(quoted(value)) is not supported; use one of \(modes)")
                }
                tls = mode
            default:
                // Rejected rather than ignored, so a misspelt option does not silently do nothing.
                throw invalid("unsupported postgres URL parameter \(quoted(name)); only sslmode is recognised")
            }
        }
        self.init(
            host: String(host),
            port: port,
            username: user,
            password: password,
            database: database.isEmpty ? nil : database,
            tls: tls
        )
    }

    /// The URL with the password replaced by `***`; safe to log.
    public var description: String {
        func encode(_ text: String) -> String {
            text.addingPercentEncoding(withAllowedCharacters: .urlUserAllowed.subtracting(CharacterSet(charactersIn: ":@/?#"))) ?? text
        }
        let hostText = host.contains(":") ? "[\(host)]" : host
        let credentials = encode(username) + (password == nil ? "" : ":***")
        let databaseText = database.map { "/" + encode($0) } ?? ""
        return "postgres://\(credentials)@\(hostText):\(port)\(databaseText)?sslmode=\(tls.rawValue)"
    }
}

extension PostgresLocation: CustomDebugStringConvertible, CustomReflectable {
    /// Redacted like ``description``, so `debugPrint` and `String(reflecting:)` cannot show the password.
    public var debugDescription: String { description }

    /// Redacted too, so `dump(location)` (or dumping a configuration that holds one) cannot print
    /// the password.
    public var customMirror: Mirror {
        Mirror(self, children: [
            "host": host, "port": port, "username": username, "password": password == nil ? "nil" : "***",
            "database": database as Any, "tls": tls, "caCertificatePath": caCertificatePath as Any,
        ], displayStyle: .struct)
    }
}
