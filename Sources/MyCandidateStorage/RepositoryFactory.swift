import Logging

/// Opens the repository at `location`: SQLite for `.sqlite`, PostgreSQL for `.postgres`.
///
/// The schema is not touched; call ``DatasetRepository/migrate()`` before use, and
/// ``DatasetRepository/shutdown()`` when done.
public func makeRepository(_ location: DatabaseLocation, logger: Logger) async throws -> any Repository {
    switch location {
    case .sqlite(let path):
        try await SQLiteDatasetRepository.open(path: path, logger: logger)
    case .postgres(let postgres):
        PostgresDatasetRepository(location: postgres, logger: logger)
    }
}
