import Foundation
import MyCandidateDomain
import Testing
import MyCandidateTestSupport
import ZIPFoundation
@testable import MyCandidateImport

/// Files made to hurt: each is refused with a clear error, cheaply, and reads nothing it should not.
/// One at a time, so that the memory one of them takes is not counted against another.
@Suite(.serialized) struct HostileFileTests {
    // MARK: Zip bombs

    /// A workbook whose sheet inflates to about 2 GB from 13 MB, declaring its true size.
    @Test func aZipBombDeclaringItsSizeIsRefusedUnread() throws {
        let bomb = HostileZip.deflateBomb(blocks: 260)
        let data = HostileZip.workbook(sheet: .init(deflated: bomb.data, declaredSize: UInt32(bomb.size)))
        let error = try #require(throws: ImportError.self) { try XLSXReader(data: data, name: "bomb.xlsx") }
        #expect(error.reason.contains("xl/worksheets/sheet1.xml unpacks to more than 64 MB"), "\(error)")
    }

    /// The same sheet declaring 1 KB: the bytes are counted as they inflate, so it stops at the
    /// limit instead of filling memory.
    @Test func aZipBombLyingAboutItsSizeStopsAtTheLimit() throws {
        let bomb = HostileZip.deflateBomb(blocks: 260)
        let data = HostileZip.workbook(sheet: .init(deflated: bomb.data, declaredSize: 1024))
        let before = HostileZip.peakMemory()
        let error = try #require(throws: ImportError.self) { try XLSXReader(data: data, name: "bomb.xlsx") }
        #expect(error.reason.contains("xl/worksheets/sheet1.xml unpacks to more than 64 MB"), "\(error)")
        // Inflating it all would take 2 GB; the limit is 64 MB (kept twice at most while it grows).
        let grown = HostileZip.peakMemory() - before
        #expect(grown < 512 << 20, "peak memory grew by \(grown >> 20) MB")
    }

    /// Many sheets pointing at one 48 MB part: each alone is within the limit, together not.
    @Test func sheetsSharingOneLargePartAreBoundedTogether() throws {
        // `<<<…`: enough like XML to be unpacked whole, not refused as another encoding.
        let bomb = HostileZip.deflateBomb(blocks: 6, of: UInt8(ascii: "<"))
        let crc = Data(repeating: UInt8(ascii: "<"), count: bomb.size).crc32(checksum: 0)
        let data = HostileZip.workbook(sheet: .init(deflated: bomb.data, declaredSize: UInt32(bomb.size), crc: crc), sheetCount: 40)
        let error = try #require(throws: ImportError.self) { try XLSXReader(data: data, name: "bomb.xlsx") }
        #expect(error.reason.contains("its parts together unpack to more than 128 MB (at xl/worksheets/sheet1.xml)"), "\(error)")
    }

    /// One cell in the last column of each row: 12 KB of XML that would ask for gigabytes as
    /// dense rows if it went on, stopped at the cell limit.
    @Test func cellsFarToTheRightAreBounded() throws {
        let folder = try WorkbookFixture.temporaryFolder()
        defer { WorkbookFixture.remove(folder) }
        var parts = WorkbookFixture.settingsWorkbook(header: ["title"], values: ["x"])
        let rows = (1...300).map { #"<row r="\#($0)"><c r="XFD\#($0)"><v>1</v></c></row>"# }.joined()
        parts["xl/worksheets/sheet1.xml"] = #"<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>\#(rows)</sheetData></worksheet>"#
        let reader = try XLSXReader(contentsOf: WorkbookFixture.write(parts, in: folder))
        let error = try #require(throws: ImportError.self) { try reader.rows(inSheet: "site_settings") }
        #expect(error.reason.contains("its rows span more than 4194304 cells (row 257)"), "\(error)")
    }

    // MARK: Damaged archives

    /// A central directory entry whose local header would lie far past the end of the file
    /// (found by fuzzing): ZIPFoundation's in-memory archive trapped on it. The other parts are
    /// still read.
    @Test func anEntryPointingPastTheEndDoesNotTrap() throws {
        let sheet = Data(#"<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>title</t></is></c></row></sheetData></worksheet>"#.utf8)
        // A deflate stream of one stored block: final bit, type 0, length, its complement.
        var deflated = Data([0x01, UInt8(sheet.count & 0xFF), UInt8(sheet.count >> 8)])
        deflated += [~UInt8(sheet.count & 0xFF), ~UInt8(sheet.count >> 8)]
        deflated += sheet
        let stray = Data("<x/>".utf8)
        let data = HostileZip.workbook(
            sheet: .init(deflated: deflated, declaredSize: UInt32(sheet.count), crc: HostileZip.crc32(sheet)),
            extraParts: [.init(name: "docProps/app.xml", method: 0, data: stray, crc: HostileZip.crc32(stray), size: UInt32(stray.count), claimedOffset: 0x2727_2727)]
        )
        let reader = try XLSXReader(data: data, name: "damaged.xlsx")
        #expect(try reader.rows(inSheet: "s1") == [["title"]])
    }

    /// A deflated part whose stream has not ended when its bytes do (found by fuzzing):
    /// ZIPFoundation's inflate read on to the end of the file and then retried forever.
    @Test func aDeflateStreamLongerThanItsPartIsRefused() throws {
        // A stored block, not the last, announcing 32 KB but holding 5 bytes.
        let deflated = Data([0x00, 0x00, 0x80, 0xFF, 0x7F]) + Data("<row>".utf8)
        let data = HostileZip.workbook(sheet: .init(deflated: deflated, declaredSize: 32768))
        let error = try #require(throws: ImportError.self) { try XLSXReader(data: data, name: "short.xlsx") }
        #expect(error.reason == "not a valid .xlsx workbook (xl/worksheets/sheet1.xml is damaged (its compressed data ends early))")
    }

    // MARK: External entities

    @Test func anExternalEntityIsRefusedAndNeverRead() throws {
        let secret = FileManager.default.temporaryDirectory.appendingPathComponent("xxe-secret-\(UUID().uuidString).txt")
        try Data("TOP-SECRET-\(UUID().uuidString)".utf8).write(to: secret)
        defer { try? FileManager.default.removeItem(at: secret) }
        let folder = try WorkbookFixture.temporaryFolder()
        defer { WorkbookFixture.remove(folder) }
        var parts = WorkbookFixture.settingsWorkbook(header: ["title"], values: ["&xxe;"])
        let sheet = try #require(parts["xl/worksheets/sheet1.xml"])
        // The fixture escapes `&`; the entity reference must reach the XML as written.
        let withEntity = sheet.replacingOccurrences(of: "&amp;xxe;", with: "&xxe;")
        let declarations = [
            "<!DOCTYPE worksheet [<!ENTITY xxe SYSTEM \"file://\(secret.path)\">]>",
            "<!DOCTYPE worksheet [<!ENTITY % p SYSTEM \"file://\(secret.path)\"> %p;]>",
            "<!DOCTYPE worksheet SYSTEM \"file://\(secret.path)\">",
            // Billion laughs: internal entities only, refused the same way.
            "<!DOCTYPE worksheet [<!ENTITY a \"aaaaaaaaaa\"><!ENTITY xxe \"&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;\">]>",
        ]
        for declaration in declarations {
            parts["xl/worksheets/sheet1.xml"] = withEntity.replacingOccurrences(of: "<worksheet", with: declaration + "<worksheet")
            let url = try WorkbookFixture.write(parts, in: folder)
            let error = try #require(throws: ImportError.self) { try XLSXReader(contentsOf: url) }
            #expect(error.reason.contains("has a document type declaration"), "\(declaration): \(error)")
            #expect(!error.description.contains("TOP-SECRET"))
        }
    }

    @Test func partsNotInUTF8AreRefused() throws {
        let folder = try WorkbookFixture.temporaryFolder()
        defer { WorkbookFixture.remove(folder) }
        let parts = WorkbookFixture.settingsWorkbook(header: ["title"], values: ["x"])
        let sheet = try #require(parts["xl/worksheets/sheet1.xml"])
        var data: [String: Data] = parts.mapValues { Data($0.utf8) }
        // UTF-16 would hide a `<!DOCTYPE` from a byte search; so would UTF-7.
        data["xl/worksheets/sheet1.xml"] = Data([0xFF, 0xFE]) + sheet.data(using: .utf16LittleEndian)!
        try WorkbookFixture.zip(data, to: folder.appendingPathComponent("seed.xlsx"))
        let utf16 = try #require(throws: ImportError.self) { try XLSXReader(contentsOf: folder.appendingPathComponent("seed.xlsx")) }
        #expect(utf16.reason.contains("sheet1.xml is not UTF-8 XML"), "\(utf16)")

        data["xl/worksheets/sheet1.xml"] = Data(("<?xml version=\"1.0\" encoding=\"UTF-7\"?>" + sheet).utf8)
        try WorkbookFixture.zip(data, to: folder.appendingPathComponent("seed.xlsx"))
        let utf7 = try #require(throws: ImportError.self) { try XLSXReader(contentsOf: folder.appendingPathComponent("seed.xlsx")) }
        #expect(utf7.reason.contains("in the encoding \"utf-7\""), "\(utf7)")
    }

    // MARK: Ballot files outside the workbook's folder

    @Test func aBallotFileOutsideTheWorkbooksFolderIsNotRead() throws {
        let folder = try WorkbookFixture.temporaryFolder()
        defer { WorkbookFixture.remove(folder) }
        let inner = folder.appendingPathComponent("upload")
        try FileManager.default.createDirectory(at: inner, withIntermediateDirectories: true)
        try Data("Ward Code,Surname\n1,Secret\n".utf8).write(to: folder.appendingPathComponent("outside.csv"))
        for name in ["../outside.csv", folder.appendingPathComponent("outside.csv").path, #"..\\outside.csv"#, ".."] {
            let schema = #"{"ward": {"file": "\#(name)", "locator": ["Ward Code"]}}"#
            let url = try WorkbookFixture.write(WorkbookFixture.settingsWorkbook(header: ["title", "data_schemas"], values: ["x", schema]), in: inner)
            let error = try #require(throws: ImportError.self) { try Importer.importWorkbook(at: url, options: ImportOptions()) }
            #expect(error.reason.contains("must be a file name next to the workbook, without folders"), "\(name): \(error)")
        }
    }

    // MARK: CSV

    /// One 100 MB line: refused at its first cell over the limit, naming row, column and limit,
    /// without its text ever becoming a string.
    @Test func aHundredMegabyteLineIsRefusedNamingRowAndLimit() throws {
        var data = Data("Ward Code,Surname,Party\n1,".utf8)
        data.append(Data(repeating: UInt8(ascii: "a"), count: 100 << 20))
        data.append(Data(",P\n".utf8))
        let error = try #require(throws: ImportError.self) { try CSVReader.records(in: data, file: "big.csv") }
        #expect(error == ImportError(
            file: "big.csv", row: 2, column: 2,
            reason: "cell is longer than 65536 bytes, the most one cell may hold; is this really a CSV file?"
        ))
        // Through the whole import, as the CLI and the upload run it.
        let ballot = BallotSource(key: "ward", areaColumn: "Ward Code", files: [SourceInput(name: "big.csv", data: data)])
        let failure = try #require(throws: ImportFailure.self) {
            try Importer.importBallots(site: SiteSettings(title: "x"), ballots: [ballot])
        }
        #expect(failure.errors.map(\.description) == ["big.csv:2:2: cell is longer than 65536 bytes, the most one cell may hold; is this really a CSV file?"])
    }

    @Test func longQuotedCellsAndLongRowsAreRefusedToo() throws {
        let quoted = Data(("a,\"" + String(repeating: "\"\"", count: 70_000) + "\"\n").utf8)
        let doubled = try #require(throws: ImportError.self) { try CSVReader.records(in: quoted, file: "q.csv") }
        #expect(doubled.row == 1 && doubled.column == 2 && doubled.reason.hasPrefix("cell is longer than 65536 bytes"), "\(doubled)")

        let quotedLines = Data(("h\n\"" + String(repeating: "x\n", count: 40_000) + "\"\n").utf8)
        let spanning = try #require(throws: ImportError.self) { try CSVReader.records(in: quotedLines, file: "q.csv") }
        #expect(spanning.row == 2 && spanning.column == 1, "\(spanning)")

        let wide = Data((String(repeating: String(repeating: "x", count: 60_000) + ",", count: 20) + "\n").utf8)
        let row = try #require(throws: ImportError.self) { try CSVReader.records(in: wide, file: "w.csv") }
        #expect(row.description.hasPrefix("w.csv:1:19: row is longer than 1048576 bytes"), "\(row)")

        // At the limits exactly, still read.
        let atLimit = Data(("a," + String(repeating: "x", count: CSVReader.maximumCellBytes) + "\n").utf8)
        #expect(try CSVReader.records(in: atLimit, file: "ok.csv").first?.cells.last?.utf8.count == CSVReader.maximumCellBytes)
    }
}
