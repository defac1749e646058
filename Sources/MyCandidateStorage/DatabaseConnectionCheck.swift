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
    // The repository's own TLS settings, so the check and the pool can never disagree about
    // how to reach the server (CA file included).
    let tls: PostgresConnection.Configuration.TLS
    if let settings = PostgresDatasetRepository.tlsConfiguration(for: postgres) {
        let context = try NIOSSLContext(configuration: settings)
        tls = postgres.tls == .prefer ? .prefer(context) : .require(context)
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

