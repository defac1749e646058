import Logging
import PostgresNIO

/// Opens one new connection to the database at `location`, runs `SELECT 1` and closes it.
///
/// This goes around the repository's connection pool on purpose: while a server cannot be
/// reached, the pool keeps queries waiting and finally fails them with a circuit-breaker error
/// that no longer says why, where a single connection attempt fails with the reason itself
/// (connection refused, unknown host, password rejected, TLS refused). Start-up logs that reason
/// while it waits. For SQLite there is no server to wait for, so this returns at once; the file
/// is opened, and its errors reported, by ``makeRepository(_:logger:)``.
///
/// - Parameter connectTimeout: How long the TCP connection may take to open.
/// - Throws: The connection's or the query's error.
public func checkDatabaseConnection(_ location: DatabaseLocation, connectTimeout: Duration, logger: Logger) async throws {
    guard case .postgres(let postgres) = location else { return }
    let tls: PostgresConnection.Configuration.TLS
    if let settings = postgres.tls.clientTLS {
        let context = try NIOSSLContext(configuration: settings.configuration)
        tls = settings.required ? .require(context) : .prefer(context)
    } else {
        tls = .disable
    }
    var configuration = PostgresConnection.Configuration(
        host: postgres.host, port: postgres.port, username: postgres.username, password: postgres.password,
        database: postgres.database, tls: tls
    )
    let milliseconds = connectTimeout.components.seconds * 1000 + connectTimeout.components.attoseconds / 1_000_000_000_000_000
    configuration.options.connectTimeout = .milliseconds(max(1, milliseconds))
    let connection = try await PostgresConnection.connect(configuration: configuration, id: 0, logger: logger)
    do {
        try await connection.query("SELECT 1", logger: logger)
    } catch {
        try? await connection.close()
        throw error
    }
    try? await connection.close()
}

extension PostgresTLSMode {
    /// The TLS settings of this `sslmode`, shared by the repository's pool and the start-up check
    /// so that the two can never disagree about how to reach the server: `nil` for `disable`,
    /// otherwise the client configuration and whether a server without TLS is refused.
    var clientTLS: (configuration: TLSConfiguration, required: Bool)? {
        var unverified = TLSConfiguration.makeClientConfiguration()
        unverified.certificateVerification = .none
        switch self {
        case .disable: return nil
        case .prefer: return (unverified, false)
        case .require: return (unverified, true)
        case .verifyFull: return (.makeClientConfiguration(), true)
        }
    }
}
