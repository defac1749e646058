import Foundation

/// Reads the cell text of an `.xlsx` workbook: its sheet names, and each sheet as rows of strings.
///
/// Only what seed workbooks need is interpreted: shared and inline strings (rich-text runs
/// joined), formula results, numbers (whole numbers without `.0`) and booleans (`TRUE`/`FALSE`).
/// Styles, dates and merged cells are not. Errors are ``ImportError``s reported against `name`.
public struct XLSXReader: Sendable {
    /// The name problems are reported under (`seed.xlsx`).
    public let name: String
    /// Sheet names in tab order.
    public let sheetNames: [String]
    private let worksheets: [String: Data]
    private let sharedStrings: [String]

    /// The most one part may unpack to: generous for a seed workbook, and a bound on what a
    /// damaged or hostile zip (a "zip bomb") can make us inflate.
    public static let maximumPartSize = 64 << 20
    /// The most all parts read together may unpack to: several sheets may point at one small,
    /// highly compressed part, and each is unpacked on its own.
    public static let maximumTotalSize = 128 << 20

    /// Opens a workbook from its bytes.
    public init(data: Data, name: String) throws {
        self.name = name
        let archive: ZipArchive
        do throws(ZipArchive.Failure) {
            archive = try ZipArchive(data)
        } catch {
            throw Self.invalid(name, error.reason)
        }
        var entries: [String: ZipArchive.Entry] = [:]
        for entry in archive.entries {
            entries[Self.normalise(entry.path).lowercased()] = entry
        }
        var unpacked = 0
        func tooLarge(_ path: String, whole: Bool) -> ImportError {
            let what = whole ? "its parts together unpack to more than \(Self.maximumTotalSize >> 20) MB (at \(path))"
                : "\(path) unpacks to more than \(Self.maximumPartSize >> 20) MB"
            return Self.invalid(name, what + "; it is damaged or not a seed workbook")
        }
        func part(_ path: String) throws -> Data? {
            guard let entry = entries[path.lowercased()] else { return nil }
            guard entry.uncompressedSize <= Self.maximumPartSize else { throw tooLarge(path, whole: false) }
            guard unpacked + entry.uncompressedSize <= Self.maximumTotalSize else { throw tooLarge(path, whole: true) }
            // The declared size is only what the zip says: the bytes are counted as they
            // inflate, so a part that lies about its size stops at the limit, not at the end
            // of memory.
            let partLimited = Self.maximumPartSize <= Self.maximumTotalSize - unpacked
            let data: Data
            do throws(ZipArchive.Failure) {
                data = try archive.read(entry, limit: min(Self.maximumPartSize, Self.maximumTotalSize - unpacked))
            } catch .tooLarge {
                throw tooLarge(path, whole: !partLimited)
            } catch {
                throw Self.invalid(name, error.reason)
            }
            unpacked += data.count
            do {
                try XLSXPartParser.checkPlainXML(data, part: path)
            } catch {
                throw Self.invalid(name, error.reason)
            }
            return data
        }
        func parse(_ parser: XLSXPartParser, _ data: Data, _ path: String) throws {
            do {
                try parser.run(data, part: path)
            } catch {
                throw Self.invalid(name, error.reason)
            }
        }

        // The package's root relationships name the workbook part; every writer we know of
        // puts it at xl/workbook.xml, which is the fallback.
        var workbookPath = "xl/workbook.xml"
        if let rootRels = try part("_rels/.rels") {
            let parser = XLSXRelationshipsParser()
            try parse(parser, rootRels, "_rels/.rels")
            if let target = parser.relationships.values.first(where: { $0.type.hasSuffix("/officeDocument") })?.target {
                workbookPath = Self.resolve(target, from: "")
            }
        }
        guard let workbookData = try part(workbookPath) else {
            throw Self.invalid(name, "no \(workbookPath)")
        }
        let workbook = XLSXWorkbookPartParser()
        try parse(workbook, workbookData, workbookPath)

        let folder = workbookPath.split(separator: "/").dropLast().joined(separator: "/")
        let relsPath = (folder.isEmpty ? "" : folder + "/") + "_rels/" + (workbookPath.split(separator: "/").last.map(String.init) ?? "") + ".rels"
        let relationships = XLSXRelationshipsParser()
        if let relsData = try part(relsPath) {
            try parse(relationships, relsData, relsPath)
        }

        var strings: [String] = []
        let sharedStringsPath = relationships.relationships.values
            .first { $0.type.hasSuffix("/sharedStrings") }
            .map { Self.resolve($0.target, from: folder) } ?? (folder.isEmpty ? "" : folder + "/") + "sharedStrings.xml"
        if let data = try part(sharedStringsPath) {
            let parser = XLSXSharedStringsParser()
            try parse(parser, data, sharedStringsPath)
            strings = parser.strings
        }

        var names: [String] = []
        var worksheets: [String: Data] = [:]
        for sheet in workbook.sheets {
            guard let target = relationships.relationships[sheet.relationshipID]?.target else {
                throw Self.invalid(name, "sheet \"\(sheet.name)\" has no part in \(relsPath)")
            }
            let path = Self.resolve(target, from: folder)
            guard let data = try part(path) else {
                throw Self.invalid(name, "sheet \"\(sheet.name)\" points at \(path), which is missing")
            }
            names.append(sheet.name)
            worksheets[sheet.name] = data
        }
        self.sheetNames = names
        self.worksheets = worksheets
        self.sharedStrings = strings
    }

    /// Opens the workbook at `url`, reporting problems under its file name.
    public init(contentsOf url: URL) throws {
        let data: Data
        do {
            data = try Data(contentsOf: url)
        } catch {
            throw ImportError(file: url.lastPathComponent, reason: "cannot be read (\(Self.describe(error)))")
        }
        try self.init(data: data, name: url.lastPathComponent)
    }

    /// The cell text of a sheet: `rows[0]` is spreadsheet row 1 and `rows[r][c]` the cell in
    /// column `c + 1`. Rows are as long as their last non-empty cell, so may differ in length;
    /// rows with no cells are empty arrays.
    public func rows(inSheet sheet: String) throws -> [[String]] {
        guard let data = worksheets[sheet] else {
            let known = sheetNames.map { "\"\($0)\"" }.joined(separator: ", ")
            throw ImportError(file: name, reason: "no sheet named \"\(sheet)\" (sheets: \(known))")
        }
        let parser = XLSXWorksheetParser(sharedStrings: sharedStrings)
        do {
            try parser.run(data, part: "sheet \"\(sheet)\"")
        } catch {
            throw Self.invalid(name, error.reason)
        }
        return parser.rows
    }

    private static func invalid(_ name: String, _ detail: String) -> ImportError {
        ImportError(file: name, reason: "not a valid .xlsx workbook (\(detail))")
    }

    /// Resolves a relationship target: absolute targets (`/xl/worksheets/sheet1.xml`) are from
    /// the package root, others from the folder of the part that holds the relationship.
    static func resolve(_ target: String, from folder: String) -> String {
        let joined = target.hasPrefix("/") ? target : (folder.isEmpty ? target : folder + "/" + target)
        return normalise(joined)
    }

    /// Removes `.` and `..` components, a leading slash and backslashes some writers use.
    static func normalise(_ path: String) -> String {
        var parts: [Substring] = []
        for component in path.replacingOccurrences(of: "\\", with: "/").split(separator: "/") {
            switch component {
            case ".": continue
            case "..": _ = parts.popLast()
            default: parts.append(component)
            }
        }
        return parts.joined(separator: "/")
    }

    static func describe(_ error: any Error) -> String {
        (error as NSError).localizedDescription
    }
}
