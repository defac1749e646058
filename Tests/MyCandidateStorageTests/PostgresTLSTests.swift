import Foundation
@testable import MyCandidateStorage
import PostgresNIO
import Testing

/// How each TLS mode is turned into postgres-nio's settings.
@Suite struct PostgresTLSConfigurationTests {
    private func settings(_ mode: PostgresTLSMode, caFile: String? = nil) -> TLSConfiguration? {
        PostgresDatasetRepository.tlsConfiguration(
            for: PostgresLocation(host: "db", username: "app", database: nil, tls: mode, caCertificatePath: caFile)
        )
    }

    @Test func disableSendsNoTLS() {
        #expect(settings(.disable) == nil)
    }

    /// As libpq's modes of those names without a root certificate: encrypted, not verified.
    @Test func preferAndRequireDoNotCheckTheCertificate() {
        #expect(settings(.prefer)?.certificateVerification == CertificateVerification.none)
        #expect(settings(.require)?.certificateVerification == CertificateVerification.none)
    }

    @Test func verifyFullChecksAgainstTheCAFileAloneOrTheSystemsRoots() {
        let system = settings(.verifyFull)
        #expect(system?.certificateVerification == .fullVerification)
        #expect(system?.trustRoots == .default)
        let bundle = settings(.verifyFull, caFile: "/etc/ssl/rds/global-bundle.pem")
        #expect(bundle?.certificateVerification == .fullVerification)
        #expect(bundle?.trustRoots == .file("/etc/ssl/rds/global-bundle.pem"))
        #expect(bundle?.additionalTrustRoots.isEmpty == true)
    }
}

/// The `DB_` variables ECS injects from the RDS-managed secret, against a real server.
@Suite(.serialized) struct PostgresFromPartsTests {
    static let inCI = ProcessInfo.processInfo.environment["CI"] == "true"

    /// The server's CA, from `.ci/services.sh`; its certificate names `localhost` only.
    static let caFile: String? = {
        let path = ProcessInfo.processInfo.environment["POSTGRES_TEST_CA_FILE"] ?? ""
        return path.isEmpty ? nil : path
    }()

    static let partsEnabled = PostgresTestServer.baseURL != nil || inCI
    static let tlsEnabled = (PostgresTestServer.baseURL != nil && caFile != nil) || inCI

    /// The `DB_` variables for the test server, as ECS would set them.
    private static func parts(database: String? = nil) throws -> [String: String] {
        guard let url = PostgresTestServer.baseURL else {
            throw TestSetupError("POSTGRES_TEST_URL unset while CI=true: the PostgreSQL suite must run in CI (see .ci/run)")
        }
        guard case .postgres(let base) = try DatabaseLocation(url: url) else {
            throw TestSetupError("POSTGRES_TEST_URL is not a postgres:// URL")
        }
        var environment = ["DB_HOST": base.host, "DB_PORT": "\(base.port)", "DB_USER": base.username]
        environment["DB_NAME"] = database ?? base.database
        environment["DB_PASSWORD"] = base.password
        return environment
    }

    private static func requireCAFile() throws -> String {
        guard let caFile else {
            throw TestSetupError("POSTGRES_TEST_CA_FILE unset while CI=true: .ci/services.sh starts PostgreSQL with TLS")
        }
        return caFile
    }

    private static func postgres(_ environment: [String: String]) throws -> PostgresLocation {
        guard case .postgres(let location) = try DatabaseLocation.fromEnvironment(environment) else {
            throw TestSetupError("the DB_ variables did not make a PostgreSQL location")
        }
        return location
    }

    @Test(.enabled(if: partsEnabled, "POSTGRES_TEST_URL unset"))
    func partsReachTheDatabase() async throws {
        let database = try await PostgresTestServer.shared.createDatabase(schema: .migrated)
        var environment = try Self.parts(database: database.name)
        // The test server's own URL has TLS off; DB_TLS says so explicitly, as a local setup would.
        environment["DB_TLS"] = "disable"
        let repository = PostgresDatasetRepository(location: try Self.postgres(environment), logger: testLogger)
        do {
            #expect(try await repository.versions().isEmpty)
            #expect(try await repository.publishedVersionID() == nil)
            await repository.shutdown()
            try await PostgresTestServer.shared.dropDatabase(database.name)
        } catch {
            await repository.shutdown()
            try? await PostgresTestServer.shared.dropDatabase(database.name)
            throw error
        }
    }

    /// The production path: verify-full (the default once `DB_CA_FILE` is set) against the CA
    /// bundle, through the repository's own client.
    @Test(.enabled(if: tlsEnabled, "POSTGRES_TEST_URL or POSTGRES_TEST_CA_FILE unset"))
    func verifyFullWithTheCAFileConnectsEncrypted() async throws {
        var environment = try Self.parts()
        environment["DB_HOST"] = "localhost"
        environment["DB_CA_FILE"] = try Self.requireCAFile()
        let location = try Self.postgres(environment)
        #expect(location.tls == .verifyFull)
        let repository = PostgresDatasetRepository(location: location, logger: testLogger)
        do {
            let rows = try await repository.client.query("SELECT ssl FROM pg_stat_ssl WHERE pid = pg_backend_pid()", logger: testLogger)
            var encrypted: [Bool] = []
            for try await ssl in rows.decode(Bool.self) { encrypted.append(ssl) }
            #expect(encrypted == [true])
            await repository.shutdown()
        } catch {
            await repository.shutdown()
            throw error
        }
    }

    @Test(.enabled(if: tlsEnabled, "POSTGRES_TEST_URL or POSTGRES_TEST_CA_FILE unset"))
    func requireEncryptsWithoutCheckingTheCertificate() async throws {
        _ = try Self.requireCAFile()
        var environment = try Self.parts()
        // The certificate does not name 127.0.0.1 and is not from a system CA: require takes it.
        environment["DB_HOST"] = "127.0.0.1"
        let location = try Self.postgres(environment)
        #expect(location.tls == .require)
        #expect(try await Self.connectOnce(location) == true)
    }

    @Test(.enabled(if: tlsEnabled, "POSTGRES_TEST_URL or POSTGRES_TEST_CA_FILE unset"))
    func verifyFullRefusesTheWrongHostOrAnUnknownCA() async throws {
        var environment = try Self.parts()
        environment["DB_TLS"] = "verify-full"
        // The system's CAs did not sign the test server's certificate.
        environment["DB_HOST"] = "localhost"
        let unknownCA = await #expect(throws: PSQLError.self) { try await Self.connectOnce(try Self.postgres(environment)) }
        #expect(unknownCA?.underlying is NIOSSLError, "\(String(reflecting: unknownCA))")
        // The right CA, but the certificate does not name the host connected to.
        environment["DB_CA_FILE"] = try Self.requireCAFile()
        environment["DB_HOST"] = "127.0.0.1"
        let wrongHost = await #expect(throws: PSQLError.self) { try await Self.connectOnce(try Self.postgres(environment)) }
        #expect(wrongHost?.underlying as? NIOSSLExtraError == .failedToValidateHostname, "\(String(reflecting: wrongHost))")
    }

    /// Opens one connection with the repository's TLS settings (a pool would retry a refused
    /// handshake for seconds) and says whether it is encrypted.
    private static func connectOnce(_ location: PostgresLocation) async throws -> Bool {
        let tls: PostgresConnection.Configuration.TLS =
            if let settings = PostgresDatasetRepository.tlsConfiguration(for: location) {
                .require(try NIOSSLContext(configuration: settings))
            } else {
                .disable
            }
        let connection = try await PostgresConnection.connect(
            configuration: .init(
                host: location.host, port: location.port, username: location.username, password: location.password,
                database: location.database, tls: tls
            ),
            id: 1,
            logger: testLogger
        )
        do {
            let rows = try await connection.query("SELECT ssl FROM pg_stat_ssl WHERE pid = pg_backend_pid()", logger: testLogger)
            var encrypted = false
            for try await ssl in rows.decode(Bool.self) { encrypted = ssl }
            try await connection.close()
            return encrypted
        } catch {
            try? await connection.close()
            throw error
        }
    }
}
