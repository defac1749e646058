import Foundation
import MyCandidateDomain
import MyCandidateImport

/// What the upload form asked for: a whole dataset from a workbook and the CSV files it names,
/// or one ballot's CSV files merged into the published dataset.
enum UploadRequest: Sendable {
    case workbook(options: ImportOptions)
    case ballot(BallotOptions)

    struct BallotOptions: Sendable {
        var key: String
        var areaColumn: String
        var areaNameColumn: String?
        var level: String?
        var options: ImportOptions
    }

    /// Reads the form's fields; an incomplete ballot upload is refused naming the missing field.
    init(fields: [String: String]) throws(UploadProblem) {
        func text(_ name: String) -> String? {
            let value = fields[name]?.trimmingCharacters(in: .whitespacesAndNewlines) ?? ""
            return value.isEmpty ? nil : value
        }
        let options = ImportOptions(titleCaseNames: fields["title_case"] != nil)
        switch fields["kind"] {
        case "workbook":
            self = .workbook(options: options)
        case "ballot":
            guard let key = text("ballot") else {
                throw UploadProblem(.unprocessableContent, "Say which ballot the CSV files hold (Ballot key).")
            }
            guard let areaColumn = text("area_column") else {
                throw UploadProblem(.unprocessableContent, "Say which column holds the area code (Area code column).")
            }
            self = .ballot(BallotOptions(
                key: key, areaColumn: areaColumn, areaNameColumn: text("area_name_column"), level: text("level"), options: options
            ))
        default:
            throw UploadProblem(.badRequest, "The upload form is incomplete (no kind); reload it and try again.")
        }
    }

    /// The ballot a CSV upload replaces.
    var ballotKey: String? {
        if case .ballot(let ballot) = self { return ballot.key }
        return nil
    }

    /// Checks that the files suit the request, before anything is read.
    func check(_ files: UploadedFiles) throws(UploadProblem) {
        switch self {
        case .workbook:
            guard files.workbooks.count == 1 else {
                throw UploadProblem(
                    .unprocessableContent,
                    files.workbooks.isEmpty
                        ? "A dataset upload needs its seed workbook (.xlsx) with the CSV files it names."
                        : "Upload one workbook at a time (\(files.workbooks.map(\.name).joined(separator: ", ")))."
                )
            }
        case .ballot:
            guard files.workbooks.isEmpty else {
                throw UploadProblem(.unprocessableContent, "A one-ballot upload takes CSV files only; upload a workbook as a whole dataset.")
            }
        }
    }

    /// Validates and builds the dataset from the staged files. A ballot upload replaces that
    /// ballot in `published` and keeps everything else, as `mycandidate import --ballot` does.
    ///
    /// - Throws: ``ImportFailure`` or ``ImportError`` naming file, row and column;
    ///   ``DatasetMergeError`` when an area id clashes with the published dataset's.
    func run(folder: URL, files: UploadedFiles, published: Dataset?) throws -> (result: ImportResult, dataset: Dataset) {
        switch self {
        case .workbook(let options):
            let result = try Importer.importPath(folder.path, options: options)
            return (result, result.dataset)
        case .ballot(let ballot):
            // Keep what the workbook said about an existing ballot; CSV files carry no title.
            let existing = published?.ballots.first { $0.key == ballot.key }
            let source = BallotSource(
                key: ballot.key, title: existing?.title, explainer: existing?.explainer ?? "", level: ballot.level,
                areaColumn: ballot.areaColumn, areaNameColumn: ballot.areaNameColumn, files: files.csvFiles.map { SourceInput(name: $0.name, data: $0.data) }
            )
            let site = published?.site ?? SiteSettings(title: "MyCandidate")
            let result = try Importer.importBallots(site: site, ballots: [source], options: ballot.options)
            let merged = try published.map { try $0.replacingBallots(with: result.dataset) } ?? result.dataset
            return (result, merged)
        }
    }
}
