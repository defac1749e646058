import Foundation

/// The life cycle of a stored dataset version. Exactly one version is published at a time.
public enum DatasetStatus: String, Codable, Sendable, CaseIterable {
    /// Imported and complete, never published.
    case draft
    /// The version the public site serves.
    case published
    /// Was published before; kept for rollback.
    case superseded
}

/// A stored, immutable dataset: its id and what it was made from. The data itself is a ``Dataset``.
public struct DatasetVersion: Codable, Sendable, Equatable {
    public var id: Int
    public var createdAt: Date
    /// When this version was last made the published one; `nil` for a draft.
    public var publishedAt: Date?
    public var status: DatasetStatus
    public var sources: [SourceFile]
    public var counts: DatasetCounts
    /// Who stored it: an admin account's name, or what the command line was told; `nil` for
    /// versions from before this was recorded.
    public var importedBy: String?

    public init(
        id: Int,
        createdAt: Date,
        publishedAt: Date?,
        status: DatasetStatus,
        sources: [SourceFile],
        counts: DatasetCounts,
        importedBy: String? = nil
    ) {
        self.id = id
        self.createdAt = createdAt
        self.publishedAt = publishedAt
        self.status = status
        self.sources = sources
        self.counts = counts
        self.importedBy = importedBy
    }
}
