import Foundation
import Logging
import MyCandidateDomain
import PostgresNIO
import Synchronization

/// A ``DatasetRepository`` in PostgreSQL, for deployments with several web servers.
///
/// Bulk rows go in as arrays through `unnest`, a chunk of rows per statement; every value is a
/// bind parameter. Writers that change which version is published serialise on a
/// transaction-scoped advisory lock.
public final class PostgresDatasetRepository: DatasetRepository {
    private let pool: PostgresClient
    private let runTask: Task<Void, Never>
    private let running = RunStarted()
    let logger: Logger

    /// Arbitrary but fixed: the advisory lock key of MyCandidate's publishing and migrations.
    private static let lockKey = 0x4D79_4361_6E64

    /// Rows per bulk statement: large enough to amortise the round trip, small enough to keep
    /// each message to a few megabytes.
    private let rowsPerStatement: Int

    /// Connects lazily: the first query opens the first connection.
    public convenience init(location: PostgresLocation, logger: Logger) {
        self.init(location: location, logger: logger, rowsPerStatement: 50_000)
    }

    /// `rowsPerStatement` is lowered by tests to exercise chunking with small datasets.
    init(location: PostgresLocation, logger: Logger, rowsPerStatement: Int) {
        self.rowsPerStatement = rowsPerStatement
        var configuration = PostgresClient.Configuration(
            host: location.host,
            port: location.port,
            username: location.username,
            password: location.password,
            database: location.database,
            tls: Self.clientTLS(for: location)
        )
        configuration.options.maximumConnections = 10
        let client = PostgresClient(configuration: configuration, backgroundLogger: logger)
        pool = client
        self.logger = logger
        runTask = Task { [running] in
            running.flag.store(true, ordering: .releasing)
            await client.run()
        }
    }

    /// The client, once its `run()` has begun. A query made before that would still be answered,
    /// but postgres-nio logs a warning for it, and the first query of every `serve` and `import`
    /// came that early: the task running the client had not been scheduled yet.
    var client: PostgresClient {
        get async {
            while !running.flag.load(ordering: .acquiring) { await Task.yield() }
            return pool
        }
    }

    /// Set by the task that runs the client, just before it calls `run()`.
    private final class RunStarted: Sendable {
        let flag = Atomic(false)
    }

    private static func clientTLS(for location: PostgresLocation) -> PostgresClient.Configuration.TLS {
        guard let configuration = tlsConfiguration(for: location) else { return .disable }
        return location.tls == .prefer ? .prefer(configuration) : .require(configuration)
    }

    /// The TLS settings of `location`'s mode; `nil` for `disable`. `prefer` and `require` encrypt
    /// without checking the certificate, as libpq's modes of those names do (without a root
    /// certificate); `verify-full` checks the chain and that the certificate names the host,
    /// against the CA file alone when there is one (RDS's CAs are not in the system's roots).
    static func tlsConfiguration(for location: PostgresLocation) -> TLSConfiguration? {
        var configuration = TLSConfiguration.makeClientConfiguration()
        switch location.tls {
        case .disable:
            return nil
        case .prefer, .require:
            configuration.certificateVerification = .none
        case .verifyFull:
            configuration.certificateVerification = .fullVerification
            if let path = location.caCertificatePath { configuration.trustRoots = .file(path) }
        }
        return configuration
    }

    public func shutdown() async {
        runTask.cancel()
        await runTask.value
    }

    // MARK: Transactions

    /// Runs `body` in a transaction on one pooled connection; any error rolls it back and is
    /// rethrown as it is (postgres-nio's own `withTransaction` wraps it).
    func transaction<T: Sendable>(_ body: (PostgresConnection) async throws -> T) async throws -> T {
        let logger = self.logger
        return try await client.withConnection { connection in
            try await connection.query("BEGIN", logger: logger)
            do {
                let result = try await body(connection)
                try await connection.query("COMMIT", logger: logger)
                return result
            } catch {
                do {
                    try await connection.query("ROLLBACK", logger: logger)
                } catch {
                    // A connection whose transaction state is unknown must not go back to the pool.
                    connection.close().whenComplete { _ in }
                }
                throw error
            }
        }
    }

    private func lock(_ connection: PostgresConnection) async throws {
        try await connection.query("SELECT pg_advisory_xact_lock(\(Self.lockKey))", logger: logger)
    }

    // MARK: Migrations

    public func migrate() async throws -> [String] {
        try await migrate(known: Migration.all)
    }

    func migrate(known: [Migration]) async throws -> [String] {
        let applied = try await transaction { connection in
            try await self.lock(connection)
            try await connection.query(PostgresQuery(unsafeSQL: MigrationLedger.createTable(.postgres)), logger: self.logger)
            return try await self.appliedMigrations(connection)
        }
        var names: [String] = []
        for migration in try MigrationLedger.pending(applied: applied, known: known) {
            // Checked again under the lock: another process may have applied it meanwhile.
            let didApply = try await transaction { connection in
                try await self.lock(connection)
                guard try await !self.appliedMigrations(connection).contains(migration.name) else { return false }
                for statement in migration.postgres {
                    try await connection.query(PostgresQuery(unsafeSQL: statement), logger: self.logger)
                }
                try await connection.query(
                    "INSERT INTO schema_migrations (name, applied_at) VALUES (\(migration.name), \(Date()))",
                    logger: self.logger
                )
                return true
            }
            if didApply {
                logger.info("applied migration", metadata: ["migration": "\(migration.name)"])
                names.append(migration.name)
            }
        }
        return names
    }

    private func appliedMigrations(_ connection: PostgresConnection) async throws -> Set<String> {
        var names = Set<String>()
        for try await name in try await connection.query("SELECT name FROM schema_migrations", logger: logger).decode(String.self) {
            names.insert(name)
        }
        return names
    }

    // MARK: Versions

    private static let versionColumns =
        "id, created_at, published_at, status, sources, ballot_count, area_count, party_count, candidate_count, imported_by"

    public func versions() async throws -> [DatasetVersion] {
        let rows = try await client.query(
            PostgresQuery(unsafeSQL: "SELECT \(Self.versionColumns) FROM dataset_versions ORDER BY id DESC"),
            logger: logger
        )
        var versions: [DatasetVersion] = []
        for try await row in rows {
            versions.append(try Self.decodeVersion(row))
        }
        return versions
    }

    public func version(id: Int) async throws -> DatasetVersion? {
        try await client.withConnection { connection in
            try await self.version(id: id, on: connection)
        }
    }

    private func version(id: Int, on connection: PostgresConnection) async throws -> DatasetVersion? {
        var query = PostgresQuery(unsafeSQL: "SELECT \(Self.versionColumns) FROM dataset_versions WHERE id = $1")
        query.binds.append(id)
        for try await row in try await connection.query(query, logger: logger) {
            return try Self.decodeVersion(row)
        }
        return nil
    }

    private static func decodeVersion(_ row: PostgresRow) throws -> DatasetVersion {
        let (id, createdAt, publishedAt, statusText, sources, ballots, areas, parties, candidates, importedBy) = try row.decode(
            (Int, Date, Date?, String, String, Int, Int, Int, Int, String?).self
        )
        guard let status = DatasetStatus(rawValue: statusText) else {
            throw StoredDataError("dataset version \(id) has an unknown status")
        }
        return DatasetVersion(
            id: id,
            createdAt: createdAt,
            publishedAt: publishedAt,
            status: status,
            sources: try SourceFilesJSON.decode(sources),
            counts: DatasetCounts(ballots: ballots, areas: areas, parties: parties, candidates: candidates),
            importedBy: importedBy
        )
    }

    public func publishedVersionID() async throws -> Int? {
        let rows = try await client.query("SELECT version_id FROM published_dataset WHERE id = 1", logger: logger)
        for try await id in rows.decode(Int.self) {
            return id
        }
        return nil
    }

    // MARK: Publishing

    public func publish(version id: Int) async throws -> DatasetVersion {
        try await transaction { connection in
            try await self.lock(connection)
            guard let version = try await self.version(id: id, on: connection) else {
                throw StorageError.versionNotFound(id)
            }
            if version.status == .published { return version }
            return try await self.makePublished(id, on: connection)
        }
    }

    public func rollback() async throws -> DatasetVersion {
        try await transaction { connection in
            try await self.lock(connection)
            let rows = try await connection.query(
                """
                SELECT id FROM dataset_versions WHERE status = 'superseded'
                ORDER BY published_at DESC, id DESC LIMIT 1
                """,
                logger: self.logger
            )
            var previous: Int?
            for try await id in rows.decode(Int.self) {
                previous = id
            }
            guard let previous else { throw StorageError.nothingToRollBackTo }
            return try await self.makePublished(previous, on: connection)
        }
    }

    public func discard(version id: Int) async throws {
        try await transaction { connection in
            try await self.lock(connection)
            guard let version = try await self.version(id: id, on: connection) else {
                throw StorageError.versionNotFound(id)
            }
            guard version.status == .draft else { throw StorageError.notADraft(id) }
            // The rows go with it (ON DELETE CASCADE), in the same transaction.
            try await connection.query("DELETE FROM dataset_versions WHERE id = \(id)", logger: self.logger)
        }
    }

    /// Supersedes the published version and publishes `id`, inside the caller's locked transaction.
    private func makePublished(_ id: Int, on connection: PostgresConnection) async throws -> DatasetVersion {
        try await connection.query(
            "UPDATE dataset_versions SET status = 'superseded' WHERE status = 'published'",
            logger: logger
        )
        try await connection.query(
            "UPDATE dataset_versions SET status = 'published', published_at = \(Date()) WHERE id = \(id)",
            logger: logger
        )
        try await connection.query(
            """
            INSERT INTO published_dataset (id, version_id) VALUES (1, \(id))
            ON CONFLICT (id) DO UPDATE SET version_id = excluded.version_id
            """,
            logger: logger
        )
        guard let version = try await version(id: id, on: connection) else { throw StorageError.versionNotFound(id) }
        return version
    }

    // MARK: Storing

    public func store(_ dataset: Dataset, sources: [SourceFile], publish: Bool, importedBy: String?) async throws -> DatasetVersion {
        let sourcesJSON = try SourceFilesJSON.encode(sources)
        let version = try await transaction { connection in
            if publish {
                try await self.lock(connection)
            }
            let counts = dataset.counts
            let inserted = try await connection.query(
                """
                INSERT INTO dataset_versions
                    (created_at, published_at, status, sources, ballot_count, area_count, party_count, candidate_count, imported_by)
                VALUES (\(Date()), NULL, 'draft', \(sourcesJSON), \(counts.ballots), \(counts.areas), \(counts.parties), \(counts.candidates), \(importedBy))
                RETURNING id
                """,
                logger: self.logger
            )
            var newID: Int?
            for try await id in inserted.decode(Int.self) {
                newID = id
            }
            guard let id = newID else { throw StoredDataError("inserting a dataset version returned no id") }
            try await self.insertRows(of: dataset, version: id, on: connection)
            if publish {
                return try await self.makePublished(id, on: connection)
            }
            guard let version = try await self.version(id: id, on: connection) else { throw StorageError.versionNotFound(id) }
            return version
        }
        // Freshly bulk-loaded rows have no planner statistics until autovacuum gets to them;
        // without them a version's candidates are read by a sort on disk rather than in key order.
        do {
            try await client.query("ANALYZE ballots, ballot_party_order, areas, parties, candidates", logger: logger)
        } catch {
            logger.warning("could not refresh table statistics", metadata: ["error": "\(String(reflecting: error))"])
        }
        return version
    }

    private func insertRows(of dataset: Dataset, version id: Int, on connection: PostgresConnection) async throws {
        let site = dataset.site
        let colours = site.colours
        try await connection.query(
            """
            INSERT INTO site_settings (
                version_id, title, title_short, favicon_link, partner_name, partner_website,
                organization_name, organization_link, analytics_id, colour_logo, colour_footer,
                colour_body_foreground, colour_body_background, colour_find_candidates_button,
                colour_candidate_names, colour_nav_bars
            ) VALUES (
                \(id), \(site.title), \(site.titleShort), \(site.faviconLink), \(site.partnerName),
                \(site.partnerWebsite), \(site.organizationName), \(site.organizationLink), \(site.analyticsID),
                \(colours.logo), \(colours.footer), \(colours.bodyForeground), \(colours.bodyBackground),
                \(colours.findCandidatesButton), \(colours.candidateNames), \(colours.navBars)
            )
            """,
            logger: logger
        )

        let ballots = dataset.ballots
        try await insert(
            into: "ballots",
            columns: "key, ordinal, title, explainer, position, kind, area_level",
            types: "text[], int8[], text[], text[], int8[], text[], text[]",
            version: id,
            count: ballots.count,
            on: connection
        ) { range, binds in
            let slice = ballots[range]
            binds.append(slice.map(\.key))
            binds.append(Array(range))
            binds.append(slice.map(\.title))
            binds.append(slice.map(\.explainer))
            binds.append(slice.map(\.position))
            binds.append(slice.map(\.kind.rawValue))
            binds.append(slice.map(\.areaLevel))
        }

        let partyOrder = ballots.flatMap { ballot in
            ballot.partyOrder.enumerated().map { (ballot: ballot.key, rank: $0.offset, party: $0.element) }
        }
        try await insert(
            into: "ballot_party_order",
            columns: "ballot_key, rank, party_key",
            types: "text[], int8[], text[]",
            version: id,
            count: partyOrder.count,
            on: connection
        ) { range, binds in
            let slice = partyOrder[range]
            binds.append(slice.map(\.ballot))
            binds.append(slice.map(\.rank))
            binds.append(slice.map(\.party))
        }

        let parties = dataset.parties
        try await insert(
            into: "parties",
            columns: "key, ordinal, name, abbreviation, code",
            types: "text[], int8[], text[], text[], text[]",
            version: id,
            count: parties.count,
            on: connection
        ) { range, binds in
            let slice = parties[range]
            binds.append(slice.map(\.key))
            binds.append(Array(range))
            binds.append(slice.map(\.name))
            binds.append(slice.map(\.abbreviation))
            binds.append(slice.map(\.code))
        }

        let areas = dataset.areas
        try await insert(
            into: "areas",
            columns: "id, ordinal, code, name, level, parent_id",
            types: "text[], int8[], text[], text[], text[], text[]",
            version: id,
            count: areas.count,
            on: connection
        ) { range, binds in
            let slice = areas[range]
            binds.append(slice.map(\.id))
            binds.append(Array(range))
            binds.append(slice.map(\.code))
            binds.append(slice.map(\.name))
            binds.append(slice.map(\.level))
            binds.append(PostgresNullableArray(slice.map(\.parentID)))
        }

        let candidates = dataset.candidates
        try await insert(
            into: "candidates",
            columns: "ordinal, ballot_key, area_id, party_key, given_names, surname, list_position, age, gender, extra",
            types: "int8[], text[], text[], text[], text[], text[], int8[], int8[], text[], text[]",
            version: id,
            count: candidates.count,
            on: connection
        ) { range, binds in
            let slice = candidates[range]
            binds.append(Array(range))
            binds.append(slice.map(\.ballotKey))
            binds.append(slice.map(\.areaID))
            binds.append(PostgresNullableArray(slice.map(\.partyKey)))
            binds.append(slice.map(\.givenNames))
            binds.append(slice.map(\.surname))
            binds.append(PostgresNullableArray(slice.map(\.listPosition)))
            binds.append(PostgresNullableArray(slice.map(\.age)))
            binds.append(PostgresNullableArray(slice.map(\.gender)))
            binds.append(PostgresNullableArray(slice.map { ExtraAttributesJSON.encode($0.extra) }))
        }
    }

    /// Inserts `count` rows of `table` for `version`, `rowsPerStatement` at a time, as
    /// `INSERT ... SELECT $1, * FROM unnest($2::type[], ...)`. `arrays` appends one array per
    /// column for the given row range. Table, column and type names are constants of this file.
    private func insert(
        into table: String,
        columns: String,
        types: String,
        version: Int,
        count: Int,
        on connection: PostgresConnection,
        arrays: (Range<Int>, inout PostgresBindings) -> Void
    ) async throws {
        let typeList = types.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
        let parameters = typeList.enumerated().map { "$\($0.offset + 2)::\($0.element)" }.joined(separator: ", ")
        let sql = "INSERT INTO \(table) (version_id, \(columns)) SELECT $1, * FROM unnest(\(parameters))"
        var start = 0
        while start < count {
            try Task.checkCancellation()
            let end = min(count, start + rowsPerStatement)
            var binds = PostgresBindings(capacity: typeList.count + 1)
            binds.append(version)
            arrays(start..<end, &binds)
            try await connection.query(PostgresQuery(unsafeSQL: sql, binds: binds), logger: logger)
            start = end
        }
    }

    // MARK: Loading

    public func dataset(version id: Int) async throws -> Dataset {
        // REPEATABLE READ so every query sees the same committed state.
        try await client.withConnection { connection in
            try await connection.query("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY", logger: self.logger)
            do {
                let dataset = try await self.loadDataset(version: id, on: connection)
                try await connection.query("COMMIT", logger: self.logger)
                return dataset
            } catch {
                do {
                    try await connection.query("ROLLBACK", logger: self.logger)
                } catch {
                    connection.close().whenComplete { _ in }
                }
                throw error
            }
        }
    }

    private func loadDataset(version id: Int, on connection: PostgresConnection) async throws -> Dataset {
        guard try await version(id: id, on: connection) != nil else { throw StorageError.versionNotFound(id) }

        var site: SiteSettings?
        let siteRows = try await connection.query(
            """
            SELECT title, title_short, favicon_link, partner_name, partner_website, organization_name,
                organization_link, analytics_id, colour_logo, colour_footer, colour_body_foreground,
                colour_body_background, colour_find_candidates_button, colour_candidate_names, colour_nav_bars
            FROM site_settings WHERE version_id = \(id)
            """,
            logger: logger
        )
        for try await row in siteRows {
            let values = try row.decode(
                (String, String, String, String, String, String, String, String,
                 String, String, String, String, String, String, String).self
            )
            site = SiteSettings(
                title: values.0,
                titleShort: values.1,
                faviconLink: values.2,
                partnerName: values.3,
                partnerWebsite: values.4,
                organizationName: values.5,
                organizationLink: values.6,
                analyticsID: values.7,
                colours: SiteColours(
                    logo: values.8,
                    footer: values.9,
                    bodyForeground: values.10,
                    bodyBackground: values.11,
                    findCandidatesButton: values.12,
                    candidateNames: values.13,
                    navBars: values.14
                )
            )
        }
        guard let site else { throw StoredDataError("dataset version \(id) has no site settings") }

        var partyOrder: [String: [String]] = [:]
        let orderRows = try await connection.query(
            "SELECT ballot_key, party_key FROM ballot_party_order WHERE version_id = \(id) ORDER BY ballot_key, rank",
            logger: logger
        )
        for try await (ballot, party) in orderRows.decode((String, String).self) {
            partyOrder[ballot, default: []].append(party)
        }

        var ballots: [Ballot] = []
        let ballotRows = try await connection.query(
            """
            SELECT key, title, explainer, position, kind, area_level FROM ballots
            WHERE version_id = \(id) ORDER BY ordinal
            """,
            logger: logger
        )
        for try await (key, title, explainer, position, kindText, areaLevel)
            in ballotRows.decode((String, String, String, Int, String, String).self) {
            guard let kind = BallotKind(rawValue: kindText) else { throw StoredDataError("ballot \(key) has an unknown kind") }
            ballots.append(
                Ballot(
                    key: key, title: title, explainer: explainer, position: position, kind: kind,
                    areaLevel: areaLevel, partyOrder: partyOrder[key] ?? []
                )
            )
        }

        var areas: [Area] = []
        let areaRows = try await connection.query(
            "SELECT id, code, name, level, parent_id FROM areas WHERE version_id = \(id) ORDER BY ordinal",
            logger: logger
        )
        for try await (areaID, code, name, level, parentID) in areaRows.decode((String, String, String, String, String?).self) {
            areas.append(Area(id: areaID, code: code, name: name, level: level, parentID: parentID))
        }

        var parties: [Party] = []
        let partyRows = try await connection.query(
            "SELECT key, name, abbreviation, code FROM parties WHERE version_id = \(id) ORDER BY ordinal",
            logger: logger
        )
        for try await (key, name, abbreviation, code) in partyRows.decode((String, String, String, String).self) {
            parties.append(Party(key: key, name: name, abbreviation: abbreviation, code: code))
        }

        var candidates: [Candidate] = []
        if let count = try await self.version(id: id, on: connection)?.counts.candidates {
            candidates.reserveCapacity(count)
        }
        let candidateRows = try await connection.query(
            """
            SELECT ballot_key, area_id, party_key, given_names, surname, list_position, age, gender, extra
            FROM candidates WHERE version_id = \(id) ORDER BY ordinal
            """,
            logger: logger
        )
        for try await row in candidateRows {
            let (ballotKey, areaID, partyKey, givenNames, surname, listPosition, age, gender, extra) = try row.decode(
                (String, String, String?, String, String, Int?, Int?, String?, String?).self
            )
            candidates.append(
                Candidate(
                    ballotKey: ballotKey,
                    areaID: areaID,
                    partyKey: partyKey,
                    givenNames: givenNames,
                    surname: surname,
                    listPosition: listPosition,
                    age: age,
                    gender: gender,
                    extra: try ExtraAttributesJSON.decode(extra)
                )
            )
        }

        return Dataset(site: site, ballots: ballots, areas: areas, parties: parties, candidates: candidates)
    }
}

/// A PostgreSQL array whose elements may be NULL, in the binary format; postgres-nio's own array
/// encoding has no NULL elements.
struct PostgresNullableArray<Element: PostgresArrayEncodable & PostgresNonThrowingEncodable & Sendable>:
    PostgresNonThrowingEncodable, Sendable {
    var elements: [Element?]

    init(_ elements: [Element?]) {
        self.elements = elements
    }

    static var psqlType: PostgresDataType { Element.psqlArrayType }
    static var psqlFormat: PostgresFormat { .binary }

    func encode<JSONEncoder: PostgresJSONEncoder>(into buffer: inout ByteBuffer, context: PostgresEncodingContext<JSONEncoder>) {
        // Header: dimensions, has-nulls flag, element type; then length and lower bound per dimension.
        buffer.writeInteger(elements.isEmpty ? 0 : 1, as: Int32.self)
        buffer.writeInteger(elements.contains { $0 == nil } ? 1 : 0, as: Int32.self)
        buffer.writeInteger(Element.psqlType.rawValue)
        guard !elements.isEmpty else { return }
        buffer.writeInteger(Int32(elements.count))
        buffer.writeInteger(1, as: Int32.self)
        for element in elements {
            guard let element else {
                buffer.writeInteger(-1, as: Int32.self)
                continue
            }
            let lengthIndex = buffer.writerIndex
            buffer.writeInteger(0, as: Int32.self)
            let start = buffer.writerIndex
            element.encode(into: &buffer, context: context)
            buffer.setInteger(Int32(buffer.writerIndex - start), at: lengthIndex)
        }
    }
}
