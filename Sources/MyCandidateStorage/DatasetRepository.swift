import MyCandidateDomain

/// Versioned storage of datasets: the database is the source of truth, and exactly one stored
/// version is published at a time.
///
/// Implementations write a version in one transaction so a reader (or a crash) never sees half of
/// one, and publishing flips a single pointer.
public protocol DatasetRepository: Sendable {
    /// Applies the migrations this database has not had yet, in order; returns their names.
    @discardableResult
    func migrate() async throws -> [String]

    /// Stores `dataset` as a new version in one transaction. When `publish` is true the same
    /// transaction makes it the published version and marks the previous one superseded.
    func store(_ dataset: Dataset, sources: [SourceFile], publish: Bool, importedBy: String?) async throws -> DatasetVersion

    /// Every stored version, newest first.
    func versions() async throws -> [DatasetVersion]

    /// One version's metadata, or `nil` when there is no such version.
    func version(id: Int) async throws -> DatasetVersion?

    /// The published version's id: a cheap query meant to be polled.
    func publishedVersionID() async throws -> Int?

    /// The full data of a stored version.
    func dataset(version id: Int) async throws -> Dataset

    /// Makes a stored version the published one; the one it replaces becomes superseded.
    @discardableResult
    func publish(version id: Int) async throws -> DatasetVersion

    /// Publishes again the version that was published before the current one.
    @discardableResult
    func rollback() async throws -> DatasetVersion

    /// Deletes a draft with all its rows; a version that has ever been published stays, so
    /// rollback always has its history. ``StorageError/notADraft(_:)`` otherwise.
    func discard(version id: Int) async throws

    /// Closes connections; the repository is unusable afterwards.
    func shutdown() async
}

/// Why a repository operation was refused.
public enum StorageError: Error, Equatable, CustomStringConvertible {
    case versionNotFound(Int)
    case nothingToRollBackTo
    case invalidDatabaseURL(String)
    /// The database has migrations this binary does not know: it is newer than the code.
    case unknownMigrations([String])
    case userExists(String)
    case userNotFound(String)
    /// Only drafts may be discarded.
    case notADraft(Int)

    public var description: String {
        switch self {
        case .versionNotFound(let id): "dataset version \(id) does not exist"
        case .nothingToRollBackTo: "there is no previously published version to roll back to"
        case .invalidDatabaseURL(let reason): "invalid DATABASE_URL: \(reason)"
        case .unknownMigrations(let names):
            "the database has migrations this binary does not know (\(names.joined(separator: ", "))); run a newer release"
        case .userExists(let name): "there is already a user \"\(name)\""
        case .userNotFound(let name): "there is no user \"\(name)\""
        case .notADraft(let id): "dataset version \(id) has been published, so it is kept for rollback; only drafts can be discarded"
        }
    }
}

extension DatasetRepository {
    /// Stores a version without saying who made it (tests, the bundled demo).
    public func store(_ dataset: Dataset, sources: [SourceFile], publish: Bool) async throws -> DatasetVersion {
        try await store(dataset, sources: sources, publish: publish, importedBy: nil)
    }
}
