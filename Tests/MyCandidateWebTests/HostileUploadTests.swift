import Foundation
import Hummingbird
import HummingbirdTesting
import MyCandidateTestSupport
import ZIPFoundation
@testable import MyCandidateWeb
import Testing

/// Hostile files through the admin upload: each refused with a clear message, no version
/// stored and nothing left under `FILES_DIR`.
@Suite struct HostileUploadTests {
    typealias Part = AdminUploadTests.Part

    /// Uploads `files`, expects a 422 whose page says `message`, and that nothing was kept.
    func expectRefused(
        _ files: [Part], fields: [String: String], saying message: String, maxBytes: Int = 4 << 20,
        sourceLocation: SourceLocation = #_sourceLocation
    ) async throws {
        try await AdminUploadTests().withApp(uploadMaxBytes: maxBytes) { browser, folder, config in
            let response = try await AdminUploadTests.upload(browser, fields: fields, files: files)
            let html = String(buffer: response.body)
            #expect(response.status == .unprocessableContent, "\(html.suffix(2000))", sourceLocation: sourceLocation)
            #expect(html.contains(message), "\(html.suffix(2000))", sourceLocation: sourceLocation)
            #expect(html.contains("nothing was stored"), sourceLocation: sourceLocation)
            #expect(try await AdminUploadTests.versions(config).count == 1, sourceLocation: sourceLocation)
            #expect(AdminUploadTests.contents(folder.appendingPathComponent("uploads")).isEmpty, sourceLocation: sourceLocation)
            #expect(AdminUploadTests.contents(folder.appendingPathComponent("versions")).isEmpty, sourceLocation: sourceLocation)
        }
    }

    @Test func aZipBombWorkbook() async throws {
        // About 80 MB from half a megabyte, declaring 1 KB.
        let bomb = HostileZip.deflateBomb(blocks: 10)
        let workbook = HostileZip.workbook(sheet: .init(deflated: bomb.data, declaredSize: 1024))
        try await expectRefused(
            [Part(fileName: "seed.xlsx", data: workbook)], fields: ["kind": "workbook"], saying: "unpacks to more than 64 MB"
        )
    }

    @Test func aWorkbookWithAnExternalEntity() async throws {
        var parts = try AdminUploadTests.fixtureWorkbook()
        let workbook = try ZipRewrite.replacing(
            "xl/sharedStrings.xml", in: parts[0].data,
            with: { $0.replacingOccurrences(of: "<sst ", with: "<!DOCTYPE sst [<!ENTITY x SYSTEM \"file:///etc/passwd\">]><sst ") }
        )
        parts[0].data = workbook
        try await expectRefused(parts, fields: ["kind": "workbook"], saying: "has a document type declaration")
    }

    @Test func aWorkbookNamingAFileOutsideItsFolder() async throws {
        var parts = try AdminUploadTests.fixtureWorkbook()
        parts[0].data = try ZipRewrite.replacing(
            "xl/sharedStrings.xml", in: parts[0].data, with: { $0.replacingOccurrences(of: "\"file\": \"ward.csv\"", with: "\"file\": \"../../../../../etc/passwd\"") }
        )
        try await expectRefused(parts, fields: ["kind": "workbook"], saying: "must be a file name next to the workbook, without folders")
    }

    @Test func aCSVWithAHugeLine() async throws {
        var csv = Data("Ward Code,Ward Name,Surname,Given Names,Party\n1,Harbour,".utf8)
        csv.append(Data(repeating: UInt8(ascii: "x"), count: 2 << 20))
        csv.append(Data(",Baraka,P\n".utf8))
        try await expectRefused(
            [Part(fileName: "ward.csv", data: csv)], fields: AdminUploadTests.wardFields,
            saying: "<td>ward.csv</td><td>2</td><td>3</td><td>cell is longer than 65536 bytes"
        )
    }

    @Test func aCSVWithInvalidUTF8() async throws {
        let csv = Data("Ward Code,Ward Name,Surname,Given Names,Party\n1,Harbour,Ochieng,Bar".utf8) + Data([0xE9]) + Data("ka,P\n".utf8)
        try await expectRefused(
            [Part(fileName: "ward.csv", data: csv)], fields: AdminUploadTests.wardFields,
            saying: "<td>ward.csv</td><td>2</td><td>4</td><td>invalid UTF-8 (byte 0xE9"
        )
    }

    /// A browser-side path in the name never reaches the disk: the file lands under its last
    /// part, inside the upload's own folder, and nothing is written beside `FILES_DIR`.
    @Test func aFileNameWithDotDotStaysInsideFilesDir() async throws {
        try await AdminUploadTests().withApp { browser, folder, config in
            let outside = folder.deletingLastPathComponent()
            // FILES_DIR itself is made by the first upload; anything else beside it is not.
            let before = AdminUploadTests.contents(outside) + [folder.lastPathComponent]
            let broken = Data("Ward Code,Ward Name,Surname,Given Names,Party\n1,Harbour,,,P\n".utf8)
            for name in ["../../evil.csv", "..%2f..%2fevil.csv", #"..\..\evil.csv"#, "/etc/cron.d/evil.csv"] {
                let refused = try await AdminUploadTests.upload(browser, fields: AdminUploadTests.wardFields, files: [Part(fileName: name, data: broken)])
                #expect(refused.status == .unprocessableContent, "\(name)")
            }
            #expect(AdminUploadTests.contents(outside) == before.sorted())
            #expect(AdminUploadTests.contents(folder.appendingPathComponent("uploads")).isEmpty)
            #expect(try await AdminUploadTests.versions(config).count == 1)
            let kept = try await AdminUploadTests.upload(browser, fields: AdminUploadTests.wardFields, files: [Part(fileName: "../../evil.csv", data: AdminUploadTests.wardCSV)])
            #expect(kept.status == .seeOther)
            #expect(AdminUploadTests.contents(folder.appendingPathComponent("versions/2")) == ["evil.csv", "upload-report.json"])
            #expect(AdminUploadTests.contents(outside) == before.sorted())
        }
    }
}

/// Rewrites one text part of a zip archive, keeping the others.
enum ZipRewrite {
    static func replacing(_ path: String, in archive: Data, with change: (String) -> String) throws -> Data {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("rewrite-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let source = folder.appendingPathComponent("in.zip")
        try archive.write(to: source)
        let input = try Archive(url: source, accessMode: .read)
        let target = folder.appendingPathComponent("out.zip")
        let output = try Archive(url: target, accessMode: .create)
        for entry in input where entry.type == .file {
            var data = Data()
            _ = try input.extract(entry) { data.append($0) }
            if entry.path == path { data = Data(change(String(decoding: data, as: UTF8.self)).utf8) }
            let bytes = data
            try output.addEntry(with: entry.path, type: .file, uncompressedSize: Int64(bytes.count), compressionMethod: .deflate) { position, size in
                bytes.subdata(in: Int(position)..<Int(position) + size)
            }
        }
        return try Data(contentsOf: target)
    }
}
