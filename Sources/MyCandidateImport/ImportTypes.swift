import Foundation
import MyCandidateDomain

/// One source file's bytes and the name it is reported under (`ward.csv`, `seed.xlsx`).
public struct SourceInput: Sendable {
    public var name: String
    public var data: Data

    public init(name: String, data: Data) {
        self.name = name
        self.data = data
    }
}

/// Candidate fields a source column can be mapped to, by header synonym or explicitly.
public enum CandidateField: String, Sendable, CaseIterable, Codable {
    case surname
    case givenNames = "given_names"
    case party
    case partyAbbreviation = "party_abbreviation"
    case partyCode = "party_code"
    case listPosition = "list_position"
    case age
    case gender
    /// A national ID number: recognised only so that it is dropped.
    case nationalID = "national_id"
}

/// Everything needed to read one ballot's candidates from one or more CSV files.
public struct BallotSource: Sendable {
    /// Ballot key (`national`, `ward`).
    public var key: String
    /// Display title; `nil` derives one from the key (`national_regional` → "National Regional").
    public var title: String?
    public var explainer: String
    /// `nil` infers it: a list-position column makes a party-list ballot.
    public var kind: BallotKind?
    /// Area level name; `nil` derives it from the locator column (`Ward Code` → `ward`).
    public var level: String?
    /// Header of the column holding the area code (the "locator").
    public var areaColumn: String
    /// Header of the column holding the area name, when there is one.
    public var areaNameColumn: String?
    /// Explicit field → header mapping; wins over synonyms.
    public var columns: [CandidateField: String]
    /// Party names or abbreviations to list first, in this order.
    public var partyOrder: [String]
    public var files: [SourceInput]

    public init(
        key: String,
        title: String? = nil,
        explainer: String = "",
        kind: BallotKind? = nil,
        level: String? = nil,
        areaColumn: String,
        areaNameColumn: String? = nil,
        columns: [CandidateField: String] = [:],
        partyOrder: [String] = [],
        files: [SourceInput]
    ) {
        self.key = key
        self.title = title
        self.explainer = explainer
        self.kind = kind
        self.level = level
        self.areaColumn = areaColumn
        self.areaNameColumn = areaNameColumn
        self.columns = columns
        self.partyOrder = partyOrder
        self.files = files
    }
}

/// Choices that change how source text is cleaned.
public struct ImportOptions: Sendable {
    /// Title-case candidate and area names written entirely in capitals.
    public var titleCaseNames: Bool

    public init(titleCaseNames: Bool = false) {
        self.titleCaseNames = titleCaseNames
    }
}

/// A located problem in a source file: printed as `file:row:column: reason`.
///
/// `row` is the 1-based line on which the offending record starts; `column` the 1-based cell
/// index. Either is `nil` when the problem is with the file as a whole.
public struct ImportError: Error, Sendable, Equatable, CustomStringConvertible {
    public var file: String
    public var row: Int?
    public var column: Int?
    public var reason: String

    public init(file: String, row: Int? = nil, column: Int? = nil, reason: String) {
        self.file = file
        self.row = row
        self.column = column
        self.reason = reason
    }

    public var description: String {
        var location = file
        if let row { location += ":\(row)" }
        if let column { location += ":\(column)" }
        return location + ": " + reason
    }
}

/// An import that found problems: nothing from it may be stored.
public struct ImportFailure: Error, Sendable, CustomStringConvertible {
    /// Every problem found, in file and row order (capped, see ``ImportFailure/limit``).
    public var errors: [ImportError]
    /// How many rows had at least one problem.
    public var rejectedRows: Int

    public static let limit = 200

    public init(errors: [ImportError], rejectedRows: Int) {
        self.errors = errors
        self.rejectedRows = rejectedRows
    }

    public var description: String { errors.map(\.description).joined(separator: "\n") }
}

/// Per-ballot figures of an import.
public struct BallotImportReport: Codable, Sendable, Equatable {
    public var key: String
    public var areas: Int
    public var candidates: Int
    public var parties: Int

    public init(key: String, areas: Int, candidates: Int, parties: Int) {
        self.key = key
        self.areas = areas
        self.candidates = candidates
        self.parties = parties
    }
}

/// The machine-readable outcome of an import (`mycandidate import --json`).
public struct ImportReport: Codable, Sendable, Equatable {
    /// The stored dataset version; `nil` for a dry run.
    public var version: Int?
    public var ballots: [BallotImportReport]
    public var duplicatesDropped: Int
    public var rejected: Int

    public init(version: Int? = nil, ballots: [BallotImportReport], duplicatesDropped: Int, rejected: Int) {
        self.version = version
        self.ballots = ballots
        self.duplicatesDropped = duplicatesDropped
        self.rejected = rejected
    }

    enum CodingKeys: String, CodingKey {
        case version, ballots
        case duplicatesDropped = "duplicates_dropped"
        case rejected
    }
}

/// A validated dataset ready to store, with where it came from and what was noticed on the way.
public struct ImportResult: Sendable {
    public var dataset: Dataset
    public var sources: [SourceFile]
    public var report: ImportReport
    /// Things an operator should know that do not make the data wrong (a colour with a stray
    /// newline, an area name spelled two ways).
    public var warnings: [String]

    public init(dataset: Dataset, sources: [SourceFile], report: ImportReport, warnings: [String]) {
        self.dataset = dataset
        self.sources = sources
        self.report = report
        self.warnings = warnings
    }
}
