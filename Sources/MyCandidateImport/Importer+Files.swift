import Foundation
import MyCandidateDomain

extension Importer {
    /// Reads a source file from disk, reported under `path` exactly as given.
    ///
    /// - Throws: ``ImportError`` "file not found" when there is no readable file at `path`.
    public static func readFile(atPath path: String) throws(ImportError) -> SourceInput {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), !isDirectory.boolValue else {
            throw ImportError(file: path, reason: "file not found")
        }
        do {
            return SourceInput(name: path, data: try Data(contentsOf: URL(fileURLWithPath: path)))
        } catch {
            throw ImportError(file: path, reason: "cannot be read: \(error.localizedDescription)")
        }
    }

    /// Imports one ballot from CSV files on disk; `ballot.files` is replaced by the files at
    /// `paths`, each reported under its path as given.
    ///
    /// - Throws: ``ImportFailure``, listing every file that cannot be read before any is imported.
    public static func importCSVFiles(
        paths: [String],
        ballot: BallotSource,
        site: SiteSettings,
        options: ImportOptions = ImportOptions()
    ) throws -> ImportResult {
        var files: [SourceInput] = []
        var errors: [ImportError] = []
        for path in paths {
            do {
                files.append(try readFile(atPath: path))
            } catch {
                errors.append(error)
            }
        }
        guard errors.isEmpty else { throw ImportFailure(errors: errors, rejectedRows: 0) }
        var ballot = ballot
        ballot.files = files
        return try importBallots(site: site, ballots: [ballot], options: options)
    }
}
