import Foundation
import MyCandidateDomain
import MyCandidateImport

/// `/admin/upload`: the two upload forms, and after a refused upload why it was refused.
struct AdminUploadPage: Encodable, Sendable {
    struct BallotOption: Encodable, Sendable {
        var key: String
        var title: String
    }

    /// One problem of a refused upload, located as the CLI prints it.
    struct Problem: Encodable, Sendable {
        var file: String
        var row: String
        var column: String
        var reason: String
    }

    var uploadPath = AdminURL.upload.path
    var csrfToken: String
    var maxMegabytes: Int
    /// The published ballots, offered for a one-ballot upload.
    var ballots: [BallotOption]
    /// Why the last upload was refused, in one sentence.
    var error: String?
    var problems: [Problem] = []
    var hasProblems = false

    init(csrfToken: String, maxBytes: Int, ballots: [Ballot], error: String? = nil) {
        self.csrfToken = csrfToken
        maxMegabytes = maxBytes >> 20
        self.ballots = ballots.map { BallotOption(key: $0.key, title: $0.title) }
        self.error = error
    }

    mutating func list(_ failure: ImportFailure) {
        problems = failure.errors.map {
            Problem(file: $0.file, row: $0.row.map(String.init) ?? "", column: $0.column.map(String.init) ?? "", reason: $0.reason)
        }
        hasProblems = !problems.isEmpty
    }
}

/// `/admin/versions/{id}`: one stored version, what its upload reported, what publishing it
/// would change against the published version, and Publish or Discard.
struct AdminReviewPage: Encodable, Sendable {
    struct BallotRow: Encodable, Sendable {
        var key: String
        var areas: Int
        var parties: Int
        var candidates: Int
    }

    struct AreaRow: Encodable, Sendable {
        var ballot: String
        var areaName: String
        var areaID: String
        var added: [String]
        var removed: [String]
        var changed: [String]
    }

    /// How many changed areas are listed; the rest are counted.
    static let areaLimit = 200

    var id: Int
    var status: String
    var isDraft: Bool
    var isPublished: Bool
    var created: String
    var importedBy: String?
    var counts: DatasetCounts
    var sources: String
    var ballots: [BallotRow]
    /// `nil` when none were: templates show sections for any value present.
    var duplicatesDropped: Int?
    var warnings: [String]
    var hasWarnings: Bool
    /// The version compared with; `nil` when nothing else is published.
    var comparedWith: Int?
    var noChanges: Bool
    var added: Int
    var removed: Int
    var changed: Int
    var ballotsAdded: String?
    var ballotsRemoved: String?
    var partiesAdded: String?
    var partiesRemoved: String?
    var areas: [AreaRow]
    var moreAreas: Int?
    var publishPath: String?
    var discardPath: String?
    var csrfToken: String

    init(version: DatasetVersion, dataset: Dataset, report: UploadReport?, diff: DatasetDiff?, comparedWith: Int?, csrfToken: String) {
        id = version.id
        status = version.status.rawValue
        isDraft = version.status == .draft
        isPublished = version.status == .published
        created = AdminTime.format(version.createdAt)
        importedBy = version.importedBy
        counts = version.counts
        sources = version.sources.map(\.file).joined(separator: ", ")
        ballots = report?.ballots.map { BallotRow(key: $0.key, areas: $0.areas, parties: $0.parties, candidates: $0.candidates) }
            ?? dataset.ballots.map { ballot in
                let candidates = dataset.candidates.filter { $0.ballotKey == ballot.key }
                return BallotRow(
                    key: ballot.key, areas: Set(candidates.map(\.areaID)).count,
                    parties: Set(candidates.compactMap(\.partyKey)).count, candidates: candidates.count
                )
            }
        duplicatesDropped = report.flatMap { $0.duplicatesDropped > 0 ? $0.duplicatesDropped : nil }
        warnings = report?.warnings ?? []
        hasWarnings = !warnings.isEmpty
        self.comparedWith = comparedWith
        let diff = diff ?? DatasetDiff()
        noChanges = diff.isEmpty
        (added, removed, changed) = diff.counts
        func list(_ names: [String]) -> String? { names.isEmpty ? nil : names.joined(separator: ", ") }
        ballotsAdded = list(diff.ballotsAdded)
        ballotsRemoved = list(diff.ballotsRemoved)
        partiesAdded = list(diff.partiesAdded)
        partiesRemoved = list(diff.partiesRemoved)
        areas = diff.areas.prefix(Self.areaLimit).map {
            AreaRow(ballot: $0.ballot, areaName: $0.areaName, areaID: $0.area, added: $0.added, removed: $0.removed, changed: $0.changed)
        }
        moreAreas = diff.areas.count > Self.areaLimit ? diff.areas.count - Self.areaLimit : nil
        publishPath = version.status == .published ? nil : AdminURL.publish(version: version.id).path
        discardPath = version.status == .draft ? AdminURL.discard(version: version.id).path : nil
        self.csrfToken = csrfToken
    }
}

/// Times in the admin area: UTC, to the second, the same on every instance.
enum AdminTime {
    static func format(_ date: Date) -> String {
        date.formatted(.iso8601.year().month().day().time(includingFractionalSeconds: false))
    }
}
