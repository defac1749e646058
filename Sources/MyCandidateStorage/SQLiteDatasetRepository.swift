import Foundation
import Logging
import MyCandidateDomain
import SQLiteNIO

/// A ``DatasetRepository`` in one SQLite file, for single-machine deployments and development.
///
/// The file is in WAL mode, so readers in this or other processes keep seeing the last committed
/// state while a version is being written. The repository holds two connections, one that writes
/// and one that only reads, so a long import does not hold up the published-version poll.
public final class SQLiteDatasetRepository: DatasetRepository {
    /// The database file as given to ``open(path:logger:)``.
    public let path: String
    private let writer: SQLiteConnection
    private let reader: SQLiteConnection
    private let writeLock = AsyncLock()
    private let readLock = AsyncLock()
    private let logger: Logger

    /// SQLite's limit on bound parameters per statement.
    private static let maxParameters = 32_766

    private init(path: String, writer: SQLiteConnection, reader: SQLiteConnection, logger: Logger) {
        self.path = path
        self.writer = writer
        self.reader = reader
        self.logger = logger
    }

    /// Opens (creating if needed, with its parent folders) the database file at `path`.
    /// Call ``migrate()`` before anything else on a new file.
    public static func open(path: String, logger: Logger) async throws -> SQLiteDatasetRepository {
        let url = URL(fileURLWithPath: path)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        let writer = try await SQLiteConnection.open(storage: .file(path: url.path), logger: logger)
        do {
            // The journal mode is stored in the file; the other settings last for the connection.
            try await writer.execute("PRAGMA journal_mode = WAL")
            try await configure(writer)
            let reader = try await SQLiteConnection.open(storage: .file(path: url.path), logger: logger)
            do {
                try await configure(reader)
                try await reader.execute("PRAGMA query_only = ON")
            } catch {
                try? await reader.close()
                throw error
            }
            return SQLiteDatasetRepository(path: path, writer: writer, reader: reader, logger: logger)
        } catch {
            try? await writer.close()
            throw error
        }
    }

    private static func configure(_ connection: SQLiteConnection) async throws {
        // Replaces sqlite-nio's busy handler, which retries forever, with a bounded wait for
        // another process's write lock.
        try await connection.execute("PRAGMA busy_timeout = 10000")
        try await connection.execute("PRAGMA foreign_keys = ON")
        // In WAL mode this can lose the last commits on power loss, never on a process crash,
        // and never corrupts the file.
        try await connection.execute("PRAGMA synchronous = NORMAL")
        try await connection.execute("PRAGMA cache_size = -65536")
    }

    public func shutdown() async {
        // Shutdown often runs in a task that is already cancelled (a service group winding
        // down), and sqlite-nio's thread pool refuses work for cancelled tasks: close in a
        // detached task so the connections are really closed.
        let (writer, reader, writeLock, readLock) = (writer, reader, writeLock, readLock)
        await Task.detached {
            try? await writeLock.withLock { try await writer.close() }
            try? await readLock.withLock { try await reader.close() }
        }.value
    }

    // MARK: Transactions

    /// Runs `body` in a write transaction; any error rolls it back.
    func write<T: Sendable>(_ body: (SQLiteConnection) async throws -> T) async throws -> T {
        try await writeLock.withLock {
            // IMMEDIATE takes the write lock up front, so two writers queue instead of one
            // failing when it upgrades from reading.
            try await writer.execute("BEGIN IMMEDIATE")
            do {
                let result = try await body(writer)
                try await writer.execute("COMMIT")
                return result
            } catch {
                // Fails harmlessly when SQLite has already ended the transaction itself.
                try? await writer.execute("ROLLBACK")
                throw error
            }
        }
    }

    /// Runs `body` in a read transaction, so all its queries see one committed state.
    func read<T: Sendable>(_ body: (SQLiteConnection) async throws -> T) async throws -> T {
        try await readLock.withLock {
            try await reader.execute("BEGIN")
            do {
                let result = try await body(reader)
                try await reader.execute("COMMIT")
                return result
            } catch {
                try? await reader.execute("ROLLBACK")
                throw error
            }
        }
    }

    // MARK: Migrations

    public func migrate() async throws -> [String] {
        try await migrate(known: Migration.all)
    }

    func migrate(known: [Migration]) async throws -> [String] {
        let applied = try await write { connection in
            try await connection.execute(MigrationLedger.createTable(.sqlite))
            return try await Set(connection.query("SELECT name FROM schema_migrations").compactMap { $0.column("name")?.string })
        }
        var names: [String] = []
        for migration in try MigrationLedger.pending(applied: applied, known: known) {
            // Checked again inside the transaction: another process may have applied it meanwhile.
            let didApply = try await write { connection in
                let done = try await connection.query(
                    "SELECT 1 FROM schema_migrations WHERE name = ?", [.text(migration.name)]
                )
                guard done.isEmpty else { return false }
                for statement in migration.sqlite {
                    try await connection.execute(statement)
                }
                try await connection.execute(
                    "INSERT INTO schema_migrations (name, applied_at) VALUES (?, ?)",
                    [.text(migration.name), .text(SQLiteTimestamp.format(Date()))]
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

    // MARK: Versions

    private static let versionColumns =
        "id, created_at, published_at, status, sources, ballot_count, area_count, party_count, candidate_count, imported_by"

    public func versions() async throws -> [DatasetVersion] {
        try await read { connection in
            try await connection.query("SELECT \(Self.versionColumns) FROM dataset_versions ORDER BY id DESC")
                .map(Self.decodeVersion)
        }
    }

    public func version(id: Int) async throws -> DatasetVersion? {
        try await read { connection in try await Self.version(id: id, on: connection) }
    }

    private static func version(id: Int, on connection: SQLiteConnection) async throws -> DatasetVersion? {
        try await connection.query(
            "SELECT \(versionColumns) FROM dataset_versions WHERE id = ?", [.integer(id)]
        ).first.map(decodeVersion)
    }

    private static func decodeVersion(_ row: SQLiteRow) throws -> DatasetVersion {
        let published = try row.optionalText("published_at")
        return DatasetVersion(
            id: try row.int("id"),
            createdAt: try SQLiteTimestamp.parse(try row.text("created_at")),
            publishedAt: try published.map(SQLiteTimestamp.parse),
            status: try row.status("status"),
            sources: try SourceFilesJSON.decode(try row.text("sources")),
            counts: DatasetCounts(
                ballots: try row.int("ballot_count"),
                areas: try row.int("area_count"),
                parties: try row.int("party_count"),
                candidates: try row.int("candidate_count")
            ),
            importedBy: try row.optionalText("imported_by")
        )
    }

    public func publishedVersionID() async throws -> Int? {
        // A single statement is its own transaction: no BEGIN/COMMIT round trips for the poll.
        try await readLock.withLock {
            try await reader.query("SELECT version_id FROM published_dataset WHERE id = 1").first?.int("version_id")
        }
    }

    // MARK: Publishing

    public func publish(version id: Int) async throws -> DatasetVersion {
        try await write { connection in
            guard let version = try await Self.version(id: id, on: connection) else {
                throw StorageError.versionNotFound(id)
            }
            if version.status == .published { return version }
            return try await Self.makePublished(id, on: connection)
        }
    }

    public func rollback() async throws -> DatasetVersion {
        try await write { connection in
            let previous = try await connection.query(
                """
                SELECT id FROM dataset_versions WHERE status = 'superseded'
                ORDER BY published_at DESC, id DESC LIMIT 1
                """
            ).first
            guard let id = try previous?.int("id") else { throw StorageError.nothingToRollBackTo }
            return try await Self.makePublished(id, on: connection)
        }
    }

    public func discard(version id: Int) async throws {
        try await write { connection in
            guard let version = try await Self.version(id: id, on: connection) else {
                throw StorageError.versionNotFound(id)
            }
            guard version.status == .draft else { throw StorageError.notADraft(id) }
            // The rows go with it (ON DELETE CASCADE), in the same transaction.
            try await connection.execute("DELETE FROM dataset_versions WHERE id = ?", [.integer(id)])
        }
    }

    /// Supersedes the published version and publishes `id`, inside the caller's transaction.
    private static func makePublished(_ id: Int, on connection: SQLiteConnection) async throws -> DatasetVersion {
        try await connection.execute("UPDATE dataset_versions SET status = 'superseded' WHERE status = 'published'")
        try await connection.execute(
            "UPDATE dataset_versions SET status = 'published', published_at = ? WHERE id = ?",
            [.text(SQLiteTimestamp.format(Date())), .integer(id)]
        )
        try await connection.execute(
            """
            INSERT INTO published_dataset (id, version_id) VALUES (1, ?)
            ON CONFLICT (id) DO UPDATE SET version_id = excluded.version_id
            """,
            [.integer(id)]
        )
        guard let version = try await version(id: id, on: connection) else { throw StorageError.versionNotFound(id) }
        return version
    }

    // MARK: Storing

    public func store(_ dataset: Dataset, sources: [SourceFile], publish: Bool, importedBy: String?) async throws -> DatasetVersion {
        let sourcesJSON = try SourceFilesJSON.encode(sources)
        return try await write { connection in
            let counts = dataset.counts
            let inserted = try await connection.query(
                """
                INSERT INTO dataset_versions
                    (created_at, published_at, status, sources, ballot_count, area_count, party_count, candidate_count, imported_by)
                VALUES (?, NULL, 'draft', ?, ?, ?, ?, ?, ?) RETURNING id
                """,
                [
                    .text(SQLiteTimestamp.format(Date())), .text(sourcesJSON),
                    .integer(counts.ballots), .integer(counts.areas), .integer(counts.parties), .integer(counts.candidates),
                    importedBy.map { .text($0) } ?? .null,
                ]
            )
            guard let id = try inserted.first?.int("id") else {
                throw StoredDataError("inserting a dataset version returned no id")
            }
            try await Self.insertRows(of: dataset, version: id, on: connection)
            if publish {
                return try await Self.makePublished(id, on: connection)
            }
            guard let version = try await Self.version(id: id, on: connection) else { throw StorageError.versionNotFound(id) }
            return version
        }
    }

    private static func insertRows(of dataset: Dataset, version id: Int, on connection: SQLiteConnection) async throws {
        let version = SQLiteData.integer(id)
        let site = dataset.site
        let colours = site.colours
        try await connection.execute(
            """
            INSERT INTO site_settings (
                version_id, title, title_short, favicon_link, partner_name, partner_website,
                organization_name, organization_link, analytics_id, colour_logo, colour_footer,
                colour_body_foreground, colour_body_background, colour_find_candidates_button,
                colour_candidate_names, colour_nav_bars
            ) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """,
            [version] + [
                site.title, site.titleShort, site.faviconLink, site.partnerName, site.partnerWebsite,
                site.organizationName, site.organizationLink, site.analyticsID, colours.logo, colours.footer,
                colours.bodyForeground, colours.bodyBackground, colours.findCandidatesButton,
                colours.candidateNames, colours.navBars,
            ].map(SQLiteData.text)
        )

        let ballots = dataset.ballots
        try await insert(
            into: "ballots",
            columns: ["version_id", "key", "ordinal", "title", "explainer", "position", "kind", "area_level"],
            count: ballots.count,
            on: connection
        ) { index, binds in
            let ballot = ballots[index]
            binds.append(version)
            binds.append(.text(ballot.key))
            binds.append(.integer(index))
            binds.append(.text(ballot.title))
            binds.append(.text(ballot.explainer))
            binds.append(.integer(ballot.position))
            binds.append(.text(ballot.kind.rawValue))
            binds.append(.text(ballot.areaLevel))
        }

        let partyOrder = ballots.flatMap { ballot in
            ballot.partyOrder.enumerated().map { (ballot: ballot.key, rank: $0.offset, party: $0.element) }
        }
        try await insert(
            into: "ballot_party_order",
            columns: ["version_id", "ballot_key", "rank", "party_key"],
            count: partyOrder.count,
            on: connection
        ) { index, binds in
            let entry = partyOrder[index]
            binds.append(version)
            binds.append(.text(entry.ballot))
            binds.append(.integer(entry.rank))
            binds.append(.text(entry.party))
        }

        let parties = dataset.parties
        try await insert(
            into: "parties",
            columns: ["version_id", "key", "ordinal", "name", "abbreviation", "code"],
            count: parties.count,
            on: connection
        ) { index, binds in
            let party = parties[index]
            binds.append(version)
            binds.append(.text(party.key))
            binds.append(.integer(index))
            binds.append(.text(party.name))
            binds.append(.text(party.abbreviation))
            binds.append(.text(party.code))
        }

        let areas = dataset.areas
        try await insert(
            into: "areas",
            columns: ["version_id", "id", "ordinal", "code", "name", "level", "parent_id"],
            count: areas.count,
            on: connection
        ) { index, binds in
            let area = areas[index]
            binds.append(version)
            binds.append(.text(area.id))
            binds.append(.integer(index))
            binds.append(.text(area.code))
            binds.append(.text(area.name))
            binds.append(.text(area.level))
            binds.append(area.parentID.map(SQLiteData.text) ?? .null)
        }

        let candidates = dataset.candidates
        try await insert(
            into: "candidates",
            columns: [
                "version_id", "ordinal", "ballot_key", "area_id", "party_key", "given_names", "surname",
                "list_position", "age", "gender", "extra",
            ],
            count: candidates.count,
            on: connection
        ) { index, binds in
            let candidate = candidates[index]
            binds.append(version)
            binds.append(.integer(index))
            binds.append(.text(candidate.ballotKey))
            binds.append(.text(candidate.areaID))
            binds.append(candidate.partyKey.map(SQLiteData.text) ?? .null)
            binds.append(.text(candidate.givenNames))
            binds.append(.text(candidate.surname))
            binds.append(candidate.listPosition.map(SQLiteData.integer) ?? .null)
            binds.append(candidate.age.map(SQLiteData.integer) ?? .null)
            binds.append(candidate.gender.map(SQLiteData.text) ?? .null)
            binds.append(ExtraAttributesJSON.encode(candidate.extra).map(SQLiteData.text) ?? .null)
        }
    }

    /// Inserts `count` rows with as many rows per statement as SQLite's parameter limit allows;
    /// `row` appends one row's values, in `columns` order. The table and column names are
    /// constants of this file, never input.
    private static func insert(
        into table: String,
        columns: [String],
        count: Int,
        on connection: SQLiteConnection,
        row: (Int, inout [SQLiteData]) -> Void
    ) async throws {
        let rowsPerStatement = maxParameters / columns.count
        let tuple = "(" + Array(repeating: "?", count: columns.count).joined(separator: ", ") + ")"
        let head = "INSERT INTO \(table) (\(columns.joined(separator: ", "))) VALUES "
        func sql(rows: Int) -> String {
            head + Array(repeating: tuple, count: rows).joined(separator: ", ")
        }
        let fullSQL = count >= rowsPerStatement ? sql(rows: rowsPerStatement) : ""
        var start = 0
        while start < count {
            try Task.checkCancellation()
            let end = min(count, start + rowsPerStatement)
            var binds: [SQLiteData] = []
            binds.reserveCapacity((end - start) * columns.count)
            for index in start..<end {
                row(index, &binds)
            }
            try await connection.execute(end - start == rowsPerStatement ? fullSQL : sql(rows: end - start), binds)
            start = end
        }
    }

    // MARK: Loading

    public func dataset(version id: Int) async throws -> Dataset {
        try await read { connection in
            guard try await Self.version(id: id, on: connection) != nil else { throw StorageError.versionNotFound(id) }
            let version = [SQLiteData.integer(id)]

            guard let siteRow = try await connection.query(
                """
                SELECT title, title_short, favicon_link, partner_name, partner_website, organization_name,
                    organization_link, analytics_id, colour_logo, colour_footer, colour_body_foreground,
                    colour_body_background, colour_find_candidates_button, colour_candidate_names, colour_nav_bars
                FROM site_settings WHERE version_id = ?
                """,
                version
            ).first else {
                throw StoredDataError("dataset version \(id) has no site settings")
            }
            let site = SiteSettings(
                title: try siteRow.text("title"),
                titleShort: try siteRow.text("title_short"),
                faviconLink: try siteRow.text("favicon_link"),
                partnerName: try siteRow.text("partner_name"),
                partnerWebsite: try siteRow.text("partner_website"),
                organizationName: try siteRow.text("organization_name"),
                organizationLink: try siteRow.text("organization_link"),
                analyticsID: try siteRow.text("analytics_id"),
                colours: SiteColours(
                    logo: try siteRow.text("colour_logo"),
                    footer: try siteRow.text("colour_footer"),
                    bodyForeground: try siteRow.text("colour_body_foreground"),
                    bodyBackground: try siteRow.text("colour_body_background"),
                    findCandidatesButton: try siteRow.text("colour_find_candidates_button"),
                    candidateNames: try siteRow.text("colour_candidate_names"),
                    navBars: try siteRow.text("colour_nav_bars")
                )
            )

            var partyOrder: [String: [String]] = [:]
            for row in try await connection.query(
                "SELECT ballot_key, party_key FROM ballot_party_order WHERE version_id = ? ORDER BY ballot_key, rank",
                version
            ) {
                partyOrder[try row.text("ballot_key"), default: []].append(try row.text("party_key"))
            }
            let ballots = try await connection.query(
                """
                SELECT key, title, explainer, position, kind, area_level FROM ballots
                WHERE version_id = ? ORDER BY ordinal
                """,
                version
            ).map { row in
                let key = try row.text("key")
                guard let kind = BallotKind(rawValue: try row.text("kind")) else {
                    throw StoredDataError("ballot \(key) has an unknown kind")
                }
                return Ballot(
                    key: key,
                    title: try row.text("title"),
                    explainer: try row.text("explainer"),
                    position: try row.int("position"),
                    kind: kind,
                    areaLevel: try row.text("area_level"),
                    partyOrder: partyOrder[key] ?? []
                )
            }

            let areas = try await connection.query(
                "SELECT id, code, name, level, parent_id FROM areas WHERE version_id = ? ORDER BY ordinal",
                version
            ).map { row in
                Area(
                    id: try row.text("id"),
                    code: try row.text("code"),
                    name: try row.text("name"),
                    level: try row.text("level"),
                    parentID: try row.optionalText("parent_id")
                )
            }

            let parties = try await connection.query(
                "SELECT key, name, abbreviation, code FROM parties WHERE version_id = ? ORDER BY ordinal",
                version
            ).map { row in
                Party(
                    key: try row.text("key"),
                    name: try row.text("name"),
                    abbreviation: try row.text("abbreviation"),
                    code: try row.text("code")
                )
            }

            // Decoded as rows arrive on sqlite-nio's thread, without collecting the rows first.
            let collector = CandidateCollector()
            try await connection.query(
                """
                SELECT ballot_key, area_id, party_key, given_names, surname, list_position, age, gender, extra
                FROM candidates WHERE version_id = ? ORDER BY ordinal
                """,
                version
            ) { row in
                collector.add(row)
            }
            let candidates = try collector.finish()

            return Dataset(site: site, ballots: ballots, areas: areas, parties: parties, candidates: candidates)
        }
    }
}

/// Gathers candidates from sqlite-nio's row callback.
///
/// `@unchecked Sendable` because the callback needs a `Sendable` target, yet sqlite-nio calls it
/// for one statement at a time from one thread, and the result is read only after the query
/// has completed.
private final class CandidateCollector: @unchecked Sendable {
    private var candidates: [Candidate] = []
    private var error: (any Error)?

    func add(_ row: SQLiteRow) {
        guard error == nil else { return }
        do {
            candidates.append(
                Candidate(
                    ballotKey: try row.text("ballot_key"),
                    areaID: try row.text("area_id"),
                    partyKey: try row.optionalText("party_key"),
                    givenNames: try row.text("given_names"),
                    surname: try row.text("surname"),
                    listPosition: try row.optionalInt("list_position"),
                    age: try row.optionalInt("age"),
                    gender: try row.optionalText("gender"),
                    extra: try ExtraAttributesJSON.decode(try row.optionalText("extra"))
                )
            )
        } catch {
            self.error = error
        }
    }

    func finish() throws -> [Candidate] {
        if let error { throw error }
        return candidates
    }
}

/// How SQLite stores points in time: ISO 8601 UTC text with milliseconds, which sorts
/// chronologically as text.
enum SQLiteTimestamp {
    private static let style = Date.ISO8601FormatStyle(includingFractionalSeconds: true, timeZone: .gmt)

    static func format(_ date: Date) -> String {
        style.format(date)
    }

    static func parse(_ text: String) throws -> Date {
        try style.parse(text)
    }
}

extension SQLiteConnection {
    /// Runs a statement, discarding any rows.
    func execute(_ sql: String, _ binds: [SQLiteData] = []) async throws {
        try await query(sql, binds) { _ in }
    }
}

extension SQLiteRow {
    func text(_ column: String) throws -> String {
        guard case .text(let value) = self.column(column) else { throw StoredDataError("column \(column) is not text") }
        return value
    }

    func optionalText(_ column: String) throws -> String? {
        switch self.column(column) {
        case .text(let value): return value
        case .null: return nil
        default: throw StoredDataError("column \(column) is not text or NULL")
        }
    }

    func int(_ column: String) throws -> Int {
        guard case .integer(let value) = self.column(column) else { throw StoredDataError("column \(column) is not an integer") }
        return Int(value)
    }

    func optionalInt(_ column: String) throws -> Int? {
        switch self.column(column) {
        case .integer(let value): return Int(value)
        case .null: return nil
        default: throw StoredDataError("column \(column) is not an integer or NULL")
        }
    }

    func status(_ column: String) throws -> DatasetStatus {
        guard let status = DatasetStatus(rawValue: try text(column)) else {
            throw StoredDataError("column \(column) is not a dataset status")
        }
        return status
    }
}
