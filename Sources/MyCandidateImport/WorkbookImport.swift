import Foundation
import MyCandidateDomain

extension Importer {
    /// Imports a seed workbook and the ballot CSV files next to it.
    ///
    /// The result's sources start with the workbook itself; warnings about the workbook follow
    /// those about the ballot files.
    /// - Throws: ``ImportError`` for a workbook problem, or whatever
    ///   ``Importer/importBallots(site:ballots:options:)`` throws for the ballot files.
    public static func importWorkbook(at url: URL, options: ImportOptions) throws -> ImportResult {
        let data: Data
        do {
            data = try Data(contentsOf: url)
        } catch {
            throw ImportError(file: url.lastPathComponent, reason: "cannot be read (\(XLSXReader.describe(error)))")
        }
        let reader = try XLSXReader(data: data, name: url.lastPathComponent)
        let workbook = try SeedWorkbook(reader: reader, folder: url.deletingLastPathComponent())
        var result = try importBallots(site: workbook.site, ballots: workbook.ballots, options: options)
        result.sources.insert(SourceDigest.sourceFile(name: url.lastPathComponent, data: data), at: 0)
        result.warnings += workbook.warnings
        return result
    }

    /// Imports from a path naming either a seed workbook or a folder holding exactly one.
    ///
    /// Excel's lock files (`~$seed.xlsx`), which sit beside an open workbook, are not counted.
    public static func importPath(_ path: String, options: ImportOptions) throws -> ImportResult {
        try importWorkbook(at: workbookURL(for: path), options: options)
    }

    /// The workbook a path names: the path itself, or the single `.xlsx` in the folder it names.
    static func workbookURL(for path: String) throws -> URL {
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isFolder) else {
            throw ImportError(file: path, reason: "no such file or folder")
        }
        let url = URL(fileURLWithPath: path)
        guard isFolder.boolValue else { return url }
        let names: [String]
        do {
            names = try FileManager.default.contentsOfDirectory(atPath: path)
        } catch {
            throw ImportError(file: path, reason: "cannot list the folder (\(XLSXReader.describe(error)))")
        }
        let workbooks = names
            .filter { $0.lowercased().hasSuffix(".xlsx") && !$0.hasPrefix("~$") && !$0.hasPrefix(".") }
            .sorted()
        switch workbooks.count {
        case 1:
            return url.appendingPathComponent(workbooks[0])
        case 0:
            throw ImportError(file: path, reason: "no .xlsx seed workbook in this folder")
        default:
            throw ImportError(file: path, reason: "\(workbooks.count) .xlsx workbooks in this folder (\(workbooks.joined(separator: ", "))); name the one to import")
        }
    }
}
