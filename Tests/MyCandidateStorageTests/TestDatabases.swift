import Foundation
import Logging
@testable import MyCandidateStorage
import PostgresNIO
import Testing

/// The storage engines the repository suite runs against.
enum Engine: String, Sendable, CustomTestStringConvertible {
    case sqlite
    case postgres

    var testDescription: String { rawValue }

    /// SQLite always; PostgreSQL when `POSTGRES_TEST_URL` is set, and also in CI without it, so
    /// that a CI run missing its database fails instead of quietly skipping.
    static let all: [Engine] = {
        let environment = ProcessInfo.processInfo.environment
        if PostgresTestServer.baseURL != nil || environment["CI"] == "true" {
            return [.sqlite, .postgres]
        }
        print("POSTGRES_TEST_URL unset: PostgreSQL suite skipped")
        return [.sqlite]
    }()
}

/// Whether a test gets a migrated schema or an empty database.
enum Schema {
    case migrated
    case empty
}

let testLogger: Logger = {
    var logger = Logger(label: "mycandidate.storage.tests")
    logger.logLevel = .warning
    return logger
}()

/// Runs `body` with a repository on a database of its own, removed afterwards.
func withRepository(
    _ engine: Engine,
    schema: Schema = .migrated,
    _ body: (any Repository) async throws -> Void
) async throws {
    switch engine {
    case .sqlite:
        let folder = FileManager.default.temporaryDirectory
            .appendingPathComponent("mycandidate-storage-tests-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        // A nested path also checks that missing parent folders are created.
        let repository = try await SQLiteDatasetRepository.open(
            path: folder.appendingPathComponent("nested/db.sqlite").path,
            logger: testLogger
        )
        try await run(repository, schema: schema, body)
    case .postgres:
        let database = try await PostgresTestServer.shared.createDatabase(schema: schema)
        let repository = PostgresDatasetRepository(location: database.location, logger: testLogger, rowsPerStatement: 1_000)
        do {
            // Migrated databases are copies of the template, so no migration runs here.
            try await body(repository)
            await repository.shutdown()
            try await PostgresTestServer.shared.dropDatabase(database.name)
        } catch {
            await repository.shutdown()
            try? await PostgresTestServer.shared.dropDatabase(database.name)
            throw error
        }
    }
}

private func run(
    _ repository: SQLiteDatasetRepository,
    schema: Schema,
    _ body: (any Repository) async throws -> Void
) async throws {
    do {
        if schema == .migrated { _ = try await repository.migrate() }
        try await body(repository)
        await repository.shutdown()
    } catch {
        await repository.shutdown()
        throw error
    }
}

/// Migrates with a different list of known migrations; only the tests need that.
func migrate(_ repository: any DatasetRepository, known: [Migration]) async throws -> [String] {
    switch repository {
    case let sqlite as SQLiteDatasetRepository: try await sqlite.migrate(known: known)
    case let postgres as PostgresDatasetRepository: try await postgres.migrate(known: known)
    default: throw TestSetupError("unexpected repository type \(type(of: repository))")
    }
}

struct TestSetupError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}

/// The PostgreSQL server named by `POSTGRES_TEST_URL`.
///
/// Migrating once per test would dominate the suite's time, so the schema is migrated once per
/// process into a template database, and every test gets a copy of it
/// (`CREATE DATABASE ... TEMPLATE`), dropped when the test ends.
actor PostgresTestServer {
    static let baseURL: String? = {
        let url = ProcessInfo.processInfo.environment["POSTGRES_TEST_URL"] ?? ""
        return url.isEmpty ? nil : url
    }()

    static let shared = PostgresTestServer()

    private static let templateName = "mycandidate_template"

    private var admin: Task<(client: PostgresClient, base: PostgresLocation), any Error>?
    private var template: Task<Void, any Error>?

    /// Connects to the server's maintenance database; database names in the statements below
    /// are made by this file, never taken from input. Made once, by whichever test asks first.
    private func adminClient() async throws -> (client: PostgresClient, base: PostgresLocation) {
        if let admin { return try await admin.value }
        let task = Task { () throws -> (client: PostgresClient, base: PostgresLocation) in
            guard let url = Self.baseURL else {
                throw TestSetupError(
                    "POSTGRES_TEST_URL unset while CI=true: the PostgreSQL suite must run in CI (see .ci/run)"
                )
            }
            guard case .postgres(let base) = try DatabaseLocation(url: url) else {
                throw TestSetupError("POSTGRES_TEST_URL is not a postgres:// URL")
            }
            let client = PostgresClient(
                configuration: PostgresClient.Configuration(
                    host: base.host, port: base.port, username: base.username, password: base.password,
                    database: base.database, tls: .disable
                ),
                backgroundLogger: testLogger
            )
            // A query sent before run() has begun makes postgres-nio log a warning, as the
            // repository's own client would without its wait.
            let (started, running) = AsyncStream<Void>.makeStream()
            // Runs until the test process exits.
            Task {
                running.finish()
                await client.run()
            }
            for await _ in started {}
            return (client, base)
        }
        admin = task
        return try await task.value
    }

    private func prepareTemplate() async throws {
        if let template { return try await template.value }
        let (client, base) = try await adminClient()
        let task = Task {
            try await client.query(PostgresQuery(unsafeSQL: "DROP DATABASE IF EXISTS \(Self.templateName) WITH (FORCE)"))
            try await client.query(PostgresQuery(unsafeSQL: "CREATE DATABASE \(Self.templateName)"))
            var location = base
            location.database = Self.templateName
            let repository = PostgresDatasetRepository(location: location, logger: testLogger)
            do {
                _ = try await repository.migrate()
                await repository.shutdown()
            } catch {
                await repository.shutdown()
                throw error
            }
        }
        template = task
        try await task.value
    }

    /// Creates a database of its own for one test.
    func createDatabase(schema: Schema) async throws -> (name: String, location: PostgresLocation) {
        let (client, base) = try await adminClient()
        let name = "test_" + UUID().uuidString.replacingOccurrences(of: "-", with: "").lowercased()
        switch schema {
        case .empty:
            try await client.query(PostgresQuery(unsafeSQL: "CREATE DATABASE \(name)"))
        case .migrated:
            try await prepareTemplate()
            try await createFromTemplate(name, client: client)
        }
        var location = base
        location.database = name
        return (name, location)
    }

    private func createFromTemplate(_ name: String, client: PostgresClient) async throws {
        // The template's last connection may still be closing after the migration; PostgreSQL
        // refuses to copy a database that has connections.
        var attempt = 0
        while true {
            do {
                try await client.query(PostgresQuery(unsafeSQL: "CREATE DATABASE \(name) TEMPLATE \(Self.templateName)"))
                return
            } catch let error as PSQLError where attempt < 50 && error.serverInfo?[.sqlState] == "55006" {
                attempt += 1
                try await Task.sleep(for: .milliseconds(100))
            }
        }
    }

    func dropDatabase(_ name: String) async throws {
        let (client, _) = try await adminClient()
        try await client.query(PostgresQuery(unsafeSQL: "DROP DATABASE IF EXISTS \(name) WITH (FORCE)"))
    }
}
