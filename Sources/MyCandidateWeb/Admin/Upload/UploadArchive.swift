import Foundation
import MyCandidateImport

/// Uploaded source files on disk under `FILES_DIR`, which every instance shares (EFS in
/// production), so any instance can show what a version was made from:
///
/// - `uploads/<stamp>-<random>/`: an upload being checked, removed if it fails;
/// - `versions/<id>/`: the files a stored version came from, with `upload-report.json`.
struct UploadArchive: Sendable {
    let root: URL

    init(directory: String) {
        root = URL(fileURLWithPath: directory, isDirectory: true)
    }

    static let reportFileName = "upload-report.json"

    /// Writes the files into a new folder of their own and returns it.
    func stage(_ upload: UploadedFiles) throws -> URL {
        let stamp = Date().formatted(.iso8601.year().month().day().dateSeparator(.omitted).time(includingFractionalSeconds: false).timeSeparator(.omitted))
        let folder = root.appendingPathComponent("uploads", isDirectory: true)
            .appendingPathComponent("\(stamp)-\(SecureToken.make().prefix(12))", isDirectory: true)
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        do {
            for file in upload.files {
                try file.data.write(to: folder.appendingPathComponent(file.name), options: .withoutOverwriting)
            }
        } catch {
            remove(folder)
            throw error
        }
        return folder
    }

    /// Files a staged upload under the version it became, with its report.
    func keep(_ staged: URL, as version: Int, report: UploadReport) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        encoder.dateEncodingStrategy = .iso8601
        try encoder.encode(report).write(to: staged.appendingPathComponent(Self.reportFileName), options: .atomic)
        let versions = root.appendingPathComponent("versions", isDirectory: true)
        try FileManager.default.createDirectory(at: versions, withIntermediateDirectories: true)
        try FileManager.default.moveItem(at: staged, to: folder(of: version))
    }

    /// What was reported when a version was uploaded; `nil` for versions from the command line.
    func report(of version: Int) -> UploadReport? {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .iso8601
        return (try? Data(contentsOf: folder(of: version).appendingPathComponent(Self.reportFileName)))
            .flatMap { try? decoder.decode(UploadReport.self, from: $0) }
    }

    func removeVersion(_ version: Int) {
        remove(folder(of: version))
    }

    func remove(_ folder: URL) {
        try? FileManager.default.removeItem(at: folder)
    }

    func folder(of version: Int) -> URL {
        root.appendingPathComponent("versions", isDirectory: true).appendingPathComponent(String(version), isDirectory: true)
    }
}

/// What the admin was told about an upload that became a version, kept beside its files.
struct UploadReport: Codable, Equatable {
    var uploadedBy: String
    var uploadedAt: Date
    var files: [String]
    /// The ballot a CSV upload replaced; `nil` for a whole workbook.
    var ballot: String?
    var ballots: [BallotImportReport]
    var duplicatesDropped: Int
    var warnings: [String]
}
