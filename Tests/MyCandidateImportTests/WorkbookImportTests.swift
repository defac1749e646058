import Foundation
import MyCandidateDomain
import Testing
@testable import MyCandidateImport

@Suite struct WorkbookImportTests {
    @Test func importsWorkbookAndItsBallotFiles() throws {
        let folder = try WorkbookFixture.temporaryFolder()
        defer { WorkbookFixture.remove(folder) }
        let url = try WorkbookFixture.writeSeed(in: folder)

        let result = try Importer.importWorkbook(at: url, options: ImportOptions())

        let dataset = result.dataset
        #expect(dataset.site.title == "MyCandidate Kenya")
        #expect(dataset.ballots.map(\.key) == ["ward", "national"])
        #expect(dataset.ballots.map(\.position) == [0, 1])
        #expect(dataset.ballots.map(\.title) == ["Ward", "National Assembly"])
        #expect(dataset.ballots.map(\.kind) == [.singleMember, .partyList])
        #expect(dataset.ballots[1].explainer == "Vote for a party list.")
        #expect(dataset.ballots[1].partyOrder == ["blue-party"])
        #expect(dataset.candidates.count == 6)
        #expect(Set(dataset.areas.map(\.code)) == ["101", "102", "KE"])
        #expect(dataset.integrityProblems().isEmpty)

        let workbookData = try Data(contentsOf: url)
        #expect(result.sources.map(\.file) == ["seed.xlsx", "ward.csv", "national.csv"])
        #expect(result.sources.first == SourceDigest.sourceFile(name: "seed.xlsx", data: workbookData))
        #expect(result.warnings.contains("seed.xlsx:1:21: unknown column \"year\" is ignored"))
    }

    @Test func pathMayNameTheFolder() throws {
        let folder = try WorkbookFixture.temporaryFolder()
        defer { WorkbookFixture.remove(folder) }
        let url = try WorkbookFixture.writeSeed(in: folder)
        // Excel's lock file beside an open workbook is not a second workbook.
        try Data().write(to: folder.appendingPathComponent("~$seed.xlsx"))

        #expect(try Importer.workbookURL(for: folder.path).lastPathComponent == "seed.xlsx")
        #expect(try Importer.workbookURL(for: url.path) == url)
        let result = try Importer.importPath(folder.path, options: ImportOptions())
        #expect(result.dataset.ballots.count == 2)
    }

    @Test func folderMustHoldExactlyOneWorkbook() throws {
        let folder = try WorkbookFixture.temporaryFolder()
        defer { WorkbookFixture.remove(folder) }
        #expect(throws: ImportError(file: folder.path, reason: "no .xlsx seed workbook in this folder")) {
            try Importer.importPath(folder.path, options: ImportOptions())
        }
        try Data().write(to: folder.appendingPathComponent("a.xlsx"))
        try Data().write(to: folder.appendingPathComponent("b.xlsx"))
        #expect(throws: ImportError(file: folder.path, reason: "2 .xlsx workbooks in this folder (a.xlsx, b.xlsx); name the one to import")) {
            try Importer.importPath(folder.path, options: ImportOptions())
        }
        let missing = folder.appendingPathComponent("nothing-here").path
        #expect(throws: ImportError(file: missing, reason: "no such file or folder")) {
            try Importer.importPath(missing, options: ImportOptions())
        }
    }
}
