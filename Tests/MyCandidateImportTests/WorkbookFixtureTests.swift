import Foundation
import Testing
import ZIPFoundation

/// Builds `.xlsx` workbooks at test time from XML text, so no binary workbook is committed.
enum WorkbookFixture {
    /// A fixture folder copied into the test bundle (`workbook`, `workbook-csv`).
    static func folder(_ name: String) throws -> URL {
        let root = try #require(Bundle.module.url(forResource: "Fixtures", withExtension: nil))
        return root.appendingPathComponent(name)
    }

    /// The parts of a fixture folder, by their path inside the package.
    static func parts(of fixture: String = "workbook") throws -> [String: Data] {
        let folder = try folder(fixture)
        let enumerator = try #require(FileManager.default.enumerator(atPath: folder.path))
        var parts: [String: Data] = [:]
        while let path = enumerator.nextObject() as? String {
            var isFolder: ObjCBool = false
            let url = folder.appendingPathComponent(path)
            if FileManager.default.fileExists(atPath: url.path, isDirectory: &isFolder), !isFolder.boolValue {
                parts[path] = try Data(contentsOf: url)
            }
        }
        return parts
    }

    /// Zips `parts` into a workbook file, replacing any file already there.
    static func zip(_ parts: [String: Data], to url: URL) throws {
        try? FileManager.default.removeItem(at: url)
        let archive = try Archive(url: url, accessMode: .create)
        for (path, data) in parts.sorted(by: { $0.key < $1.key }) {
            try archive.addEntry(
                with: path, type: .file, uncompressedSize: Int64(data.count), compressionMethod: .deflate
            ) { position, size in
                data.subdata(in: Int(position)..<Int(position) + size)
            }
        }
    }

    /// A fresh folder for one test; remove it with ``remove(_:)``.
    static func temporaryFolder() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("workbook-tests-" + UUID().uuidString)
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    static func remove(_ url: URL) {
        try? FileManager.default.removeItem(at: url)
    }

    /// Writes the fixture workbook as `seed.xlsx` into `folder`, with any parts replaced, and
    /// copies the named ballot CSV fixtures beside it.
    @discardableResult
    static func writeSeed(
        in folder: URL,
        replacing replacements: [String: String] = [:],
        csvFiles: [String] = ["ward.csv", "national.csv"]
    ) throws -> URL {
        var parts = try parts()
        for (path, text) in replacements { parts[path] = Data(text.utf8) }
        let url = folder.appendingPathComponent("seed.xlsx")
        try zip(parts, to: url)
        let csvFolder = try self.folder("workbook-csv")
        for name in csvFiles {
            try FileManager.default.copyItem(at: csvFolder.appendingPathComponent(name), to: folder.appendingPathComponent(name))
        }
        return url
    }

    /// A one-sheet workbook with a `site_settings` sheet of inline strings: `header` in row 1,
    /// `values` in row 2.
    static func settingsWorkbook(header: [String], values: [String], sheetName: String = "site_settings") -> [String: String] {
        func row(_ number: Int, _ cells: [String]) -> String {
            let xml = cells.enumerated().map { index, text in
                let escaped = text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
                let column = String(UnicodeScalar(UInt8(65 + index)))
                return "<c r=\"\(column)\(number)\" t=\"inlineStr\"><is><t xml:space=\"preserve\">\(escaped)</t></is></c>"
            }.joined()
            return "<row r=\"\(number)\">\(xml)</row>"
        }
        return [
            "[Content_Types].xml": "<?xml version=\"1.0\"?><Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\"/>",
            "xl/workbook.xml": """
                <?xml version="1.0"?>
                <workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" \
                xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">\
                <sheets><sheet name="\(sheetName)" sheetId="1" r:id="rId1"/></sheets></workbook>
                """,
            "xl/_rels/workbook.xml.rels": """
                <?xml version="1.0"?>
                <Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">\
                <Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" \
                Target="worksheets/sheet1.xml"/></Relationships>
                """,
            "xl/worksheets/sheet1.xml": """
                <?xml version="1.0"?>
                <worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>\
                \(row(1, header))\(row(2, values))</sheetData></worksheet>
                """,
        ]
    }

    /// Writes a workbook made of `parts` as `seed.xlsx` into `folder`.
    static func write(_ parts: [String: String], in folder: URL) throws -> URL {
        let url = folder.appendingPathComponent("seed.xlsx")
        try zip(parts.mapValues { Data($0.utf8) }, to: url)
        return url
    }
}
