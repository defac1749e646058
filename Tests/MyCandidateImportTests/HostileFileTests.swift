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
}
