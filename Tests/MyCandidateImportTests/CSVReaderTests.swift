import Foundation
import MyCandidateImport
import Testing

@Suite struct CSVReaderTests {
    private func read(_ text: String) throws -> [CSVRecord] {
        try CSVReader.records(in: Data(text.utf8), file: "t.csv")
    }

    private func readError(_ bytes: [UInt8]) -> ImportError? {
        do {
            _ = try CSVReader.records(in: Data(bytes), file: "t.csv")
            return nil
        } catch {
            return error
        }
    }

    @Test func mixedLineEndsCountPhysicalLines() throws {
        let records = try read("a,b\r\nc,d\ne,f\rg,h")
        #expect(records == [
            CSVRecord(line: 1, cells: ["a", "b"]),
            CSVRecord(line: 2, cells: ["c", "d"]),
            CSVRecord(line: 3, cells: ["e", "f"]),
            CSVRecord(line: 4, cells: ["g", "h"]),
        ])
    }

    @Test func quotedCellsHoldLineEndsCommasAndDoubledQuotes() throws {
        let records = try read("\"x\r\ny\",\"a,b\",\"say \"\"hi\"\"\"\n\"p\rq\",\"m\nn\",\"\"\nlast,2,3\n")
        #expect(records == [
            CSVRecord(line: 1, cells: ["x\r\ny", "a,b", "say \"hi\""]),
            CSVRecord(line: 3, cells: ["p\rq", "m\nn", ""]),
            CSVRecord(line: 6, cells: ["last", "2", "3"]),
        ])
    }

    @Test func byteOrderMarkIsStrippedAndTrailingCommaMakesAnEmptyCell() throws {
        let records = try CSVReader.records(in: Data([0xEF, 0xBB, 0xBF] + Array("name,age,\nZoë,3,".utf8)), file: "t.csv")
        #expect(records == [
            CSVRecord(line: 1, cells: ["name", "age", ""]),
            CSVRecord(line: 2, cells: ["Zoë", "3", ""]),
        ])
    }

    @Test func blankLineIsOneEmptyCellAndFinalLineEndAddsNoRecord() throws {
        let records = try read("a\n\nb\n")
        #expect(records == [CSVRecord(line: 1, cells: ["a"]), CSVRecord(line: 2, cells: [""]), CSVRecord(line: 3, cells: ["b"])])
    }

    @Test func spacesAfterClosingQuoteAreAllowed() throws {
        #expect(try read("\"a\"  ,b") == [CSVRecord(line: 1, cells: ["a", "b"])])
    }

    @Test func textAfterClosingQuoteIsAnError() {
        let error = readError(Array("a,b\nc,\"say \"hi\" now\"\n".utf8))
        #expect(error?.description == "t.csv:2:2: text after the closing quote of a quoted cell; a quote inside a quoted cell must be doubled (\"\")")
    }

    @Test func emptyAndWhitespaceOnlyFilesAreEmpty() {
        for bytes: [UInt8] in [[], [0xEF, 0xBB, 0xBF], Array(" \r\n\t\n".utf8), [0xEF, 0xBB, 0xBF, 0x0A]] {
            #expect(readError(bytes) == ImportError(file: "t.csv", reason: "file is empty"))
        }
    }

    @Test func unterminatedQuoteNamesTheLineItOpenedOn() {
        let error = readError(Array("a,b\nc,d\ne,\"never\nclosed\nat all\n".utf8))
        #expect(error?.description == "t.csv:3:2: quoted cell is never closed: the quote opened on line 3 has no closing quote")
    }

    @Test func invalidUTF8NamesLineCellAndOffsetOfFirstBadByte() {
        // "Thé" as Windows-1252 writes é as the single byte 0xE9.
        let bytes = Array("name,town\nAmi,Durban\nBen,\"Th".utf8) + [0xE9] + Array("\"\n".utf8)
        let error = readError(bytes)
        #expect(error == ImportError(file: "t.csv", row: 3, column: 2, reason: "invalid UTF-8 (byte 0xE9 at byte offset 28); save the file as UTF-8"))
    }

    @Test func invalidUTF8InsideAMultiLineQuotedCellNamesItsOwnLine() {
        let bytes = Array("a,\"x\ny\nz".utf8) + [0xC3, 0x28] + Array("\"\n".utf8)
        #expect(readError(bytes) == ImportError(file: "t.csv", row: 3, column: 2, reason: "invalid UTF-8 (byte 0xC3 at byte offset 8); save the file as UTF-8"))
    }

    @Test(arguments: [
        [0xC0, 0xAF] as [UInt8],        // overlong "/"
        [0xED, 0xA0, 0x80],             // UTF-16 surrogate
        [0xF4, 0x90, 0x80, 0x80],       // above U+10FFFF
        [0x80],                         // lone continuation byte
        [0xE2, 0x82],                   // truncated at the end of the file
    ])
    func malformedSequencesAreRefused(sequence: [UInt8]) {
        let error = readError(Array("ok,".utf8) + sequence)
        #expect(error?.row == 1)
        #expect(error?.column == 2)
        #expect(error?.reason.hasPrefix("invalid UTF-8 (byte 0x\(String(format: "%02X", sequence[0])) at byte offset 3)") == true)
    }

    @Test func validMultiByteSequencesPass() throws {
        let text = "é,‐,𝄞,KwaZulu‐Natal,Ngũgĩ"
        #expect(try read(text) == [CSVRecord(line: 1, cells: ["é", "‐", "𝄞", "KwaZulu‐Natal", "Ngũgĩ"])])
    }

    @Test func readsOneRecordAtATime() throws {
        var reader = try CSVReader(data: Data("h\n1\n2".utf8), file: "t.csv")
        #expect(try reader.next()?.cells == ["h"])
        #expect(try reader.next()?.cells == ["1"])
        #expect(try reader.next()?.line == 3)
        #expect(try reader.next() == nil)
    }
}
