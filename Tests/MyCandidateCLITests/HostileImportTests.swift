import Foundation
import MyCandidateTestSupport
import Testing

/// Hostile files through `mycandidate import`: refused naming file, row and limit, exit 1, and
/// no version stored.
@Suite(.serialized) struct HostileImportTests {
    /// `mycandidate ARGUMENTS...` exits 1 saying `message` on stderr, and stores nothing.
    func expectRefused(
        _ cli: CLI, _ arguments: String..., saying message: String, sourceLocation: SourceLocation = #_sourceLocation
    ) throws {
        let result = try cli.run(arguments, input: nil)
        #expect(result.status == 1, sourceLocation: sourceLocation)
        #expect(result.stderr.contains(message), "\(result.stderr)", sourceLocation: sourceLocation)
        #expect(try cli.run("datasets", "list").stdout.contains("no dataset versions stored yet"), sourceLocation: sourceLocation)
    }

    /// A 100 MB line, written to disk in 1 MB pieces so the test never holds it as a string.
    @Test func aHundredMegabyteLine() throws {
        let cli = try CLI()
        let url = cli.folder.appendingPathComponent("big.csv")
        try Data("party,list_type,orderno,full_names,surname\nA,".utf8).write(to: url)
        let handle = try FileHandle(forWritingTo: url)
        try handle.seekToEnd()
        let piece = Data(repeating: UInt8(ascii: "n"), count: 1 << 20)
        for _ in 0..<100 { try handle.write(contentsOf: piece) }
        try handle.write(contentsOf: Data(",1,Ann,One\n".utf8))
        try handle.close()
        try expectRefused(
            cli, "import", url.path, "--ballot", "national", "--area-column", "list_type",
            saying: "big.csv:2:2: cell is longer than 65536 bytes, the most one cell may hold"
        )
    }

    @Test func invalidUTF8() throws {
        let cli = try CLI()
        let url = cli.folder.appendingPathComponent("latin1.csv")
        try (Data("party,list_type,orderno,full_names,surname\nA,National,1,Ren".utf8) + Data([0xE9]) + Data(",One\n".utf8)).write(to: url)
        try expectRefused(
            cli, "import", url.path, "--ballot", "national", "--area-column", "list_type",
            saying: "latin1.csv:2:4: invalid UTF-8 (byte 0xE9"
        )
    }

    @Test func aZipBombWorkbook() throws {
        let cli = try CLI()
        let bomb = HostileZip.deflateBomb(blocks: 260)
        let url = cli.folder.appendingPathComponent("seed.xlsx")
        try HostileZip.workbook(sheet: .init(deflated: bomb.data, declaredSize: 1024)).write(to: url)
        try expectRefused(
            cli, "import", url.path,
            saying: "seed.xlsx: not a valid .xlsx workbook (xl/worksheets/sheet1.xml unpacks to more than 64 MB"
        )
    }
}
