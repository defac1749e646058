import Foundation
import Testing
@testable import MyCandidateImport

@Suite struct XLSXReaderTests {
    private func fixtureReader() throws -> XLSXReader {
        let folder = try WorkbookFixture.temporaryFolder()
        defer { WorkbookFixture.remove(folder) }
        let url = try WorkbookFixture.writeSeed(in: folder, csvFiles: [])
        return try XLSXReader(contentsOf: url)
    }

    @Test func listsSheetsInTabOrder() throws {
        #expect(try fixtureReader().sheetNames == ["notes", "site_settings"])
    }

    @Test func readsEveryKindOfCellIntoItsColumn() throws {
        let rows = try fixtureReader().rows(inSheet: "notes")
        #expect(rows.count == 5)
        // Rich-text shared string; B1 skipped; inline string; D1 has no value.
        #expect(rows[0] == ["Code for Africa", "", "inline & plain"])
        // A row and cells without `r`: numbers, a boolean and a formula's text result.
        #expect(rows[1] == ["42", "3.5", "TRUE", "42 total"])
        #expect(rows[2] == [])
        // AA is column 27; a whole number in exponent form loses its fraction.
        #expect(rows[3] == Array(repeating: "", count: 26) + ["1000"])
        // Rich inline string; `_x000D_` decoded and phonetic text left out; false; an error value.
        #expect(rows[4] == ["", "Rich inline", "Tokyo\r Office", "FALSE", "#N/A", "-0.25"])
    }

    @Test func keepsWhitespaceInsideStrings() throws {
        let rows = try fixtureReader().rows(inSheet: "site_settings")
        #expect(rows[1][10] == "#30474A\n")
        #expect(rows[1][18] == " Vote for one ward councillor. ")
        #expect(rows[1][20] == "2024")
    }

    @Test func unknownSheetIsAnError() throws {
        #expect(throws: ImportError(file: "seed.xlsx", reason: "no sheet named \"Sheet9\" (sheets: \"notes\", \"site_settings\")")) {
            try fixtureReader().rows(inSheet: "Sheet9")
        }
    }

    @Test func notAZipIsAnError() {
        #expect(throws: ImportError(file: "seed.xlsx", reason: "not a valid .xlsx workbook (not a zip archive)")) {
            try XLSXReader(data: Data("title,data_schemas\n".utf8), name: "seed.xlsx")
        }
    }

    @Test func zipWithoutWorkbookIsAnError() throws {
        let folder = try WorkbookFixture.temporaryFolder()
        defer { WorkbookFixture.remove(folder) }
        let url = try WorkbookFixture.write(["word/document.xml": "<document/>"], in: folder)
        #expect(throws: ImportError(file: "seed.xlsx", reason: "not a valid .xlsx workbook (no xl/workbook.xml)")) {
            try XLSXReader(contentsOf: url)
        }
    }

    @Test func malformedSheetXMLIsAnError() throws {
        let folder = try WorkbookFixture.temporaryFolder()
        defer { WorkbookFixture.remove(folder) }
        var parts = WorkbookFixture.settingsWorkbook(header: ["title"], values: ["x"])
        parts["xl/worksheets/sheet1.xml"] = "<worksheet><sheetData><row></sheetData>"
        let reader = try XLSXReader(contentsOf: WorkbookFixture.write(parts, in: folder))
        let error = try #require(throws: ImportError.self) { try reader.rows(inSheet: "site_settings") }
        #expect(error.reason.hasPrefix("not a valid .xlsx workbook (sheet \"site_settings\" is not well-formed XML at line 1"))

        // A part cut short: Foundation on Linux may report no error for it, yet it must fail.
        parts["xl/worksheets/sheet1.xml"] = "<worksheet><sheetData>"
        let truncated = try XLSXReader(contentsOf: WorkbookFixture.write(parts, in: folder))
        let cutShort = try #require(throws: ImportError.self) { try truncated.rows(inSheet: "site_settings") }
        #expect(cutShort.reason.hasPrefix("not a valid .xlsx workbook (sheet \"site_settings\" is not well-formed XML"))
    }

    @Test func cellReferences() {
        #expect(XLSXCellReference("C2") == XLSXCellReference(column: 3, row: 2))
        #expect(XLSXCellReference("AA10") == XLSXCellReference(column: 27, row: 10))
        #expect(XLSXCellReference("$XFD$1") == XLSXCellReference(column: 16_384, row: 1))
        #expect(XLSXCellReference("2C") == nil)
        #expect(XLSXCellReference("C") == nil)
        #expect(XLSXCellReference("XFE1") == nil)
    }

    @Test func numbers() {
        #expect(XLSXText.number("12345") == "12345")
        #expect(XLSXText.number("1.0") == "1")
        #expect(XLSXText.number("0.1") == "0.1")
        #expect(XLSXText.number("not a number") == "not a number")
    }

    @Test func relationshipTargets() {
        #expect(XLSXReader.resolve("worksheets/sheet1.xml", from: "xl") == "xl/worksheets/sheet1.xml")
        #expect(XLSXReader.resolve("/xl/worksheets/sheet2.xml", from: "xl") == "xl/worksheets/sheet2.xml")
        #expect(XLSXReader.resolve("../xl/sharedStrings.xml", from: "xl") == "xl/sharedStrings.xml")
    }
}
