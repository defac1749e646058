import Foundation
import MyCandidateFuzzHarness
import Testing

/// Every input of the fuzz corpus and every crash the fuzzers kept, through the fuzzers' own
/// entry points: the regressions run in plain `swift test`, without the instrumented build.
@Suite struct FuzzReplayTests {
    static let fuzzFolder = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("Fuzz")

    /// The files under `Tests/Fuzz/<kind>/<target>/`, hidden ones (`.gitkeep`) left out.
    static func inputs(_ kind: String, _ target: String) -> [URL] {
        let folder = fuzzFolder.appendingPathComponent(kind).appendingPathComponent(target)
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
        return names.filter { !$0.hasPrefix(".") }.sorted().map { folder.appendingPathComponent($0) }
    }

    @Test func theCorpusIsThere() {
        #expect(Self.inputs("corpus", "csv").count >= 5)
        #expect(Self.inputs("corpus", "xlsx").count >= 5)
    }

    @Test(arguments: ["corpus", "crashes"])
    func csvInputsKeepTheContract(kind: String) throws {
        for url in Self.inputs(kind, "csv") {
            let outcome = FuzzHarness.csv(try Data(contentsOf: url))
            #expect(outcome.keptContract, "\(url.lastPathComponent): \(outcome)")
        }
    }

    @Test(arguments: ["corpus", "crashes"])
    func xlsxInputsKeepTheContract(kind: String) throws {
        for url in Self.inputs(kind, "xlsx") {
            let outcome = FuzzHarness.xlsx(try Data(contentsOf: url))
            #expect(outcome.keptContract, "\(url.lastPathComponent): \(outcome)")
        }
    }

    /// The seeds are what they say: valid ones read, broken ones refused.
    @Test func seedsReadOrAreRefusedAsNamed() throws {
        func outcome(_ target: String, _ name: String) throws -> FuzzHarness.Outcome {
            let data = try Data(contentsOf: Self.fuzzFolder.appendingPathComponent("corpus/\(target)/\(name)"))
            return target == "csv" ? FuzzHarness.csv(data) : FuzzHarness.xlsx(data)
        }
        guard case .read(rows: 3) = try outcome("csv", "ward.csv") else { Issue.record("ward.csv"); return }
        guard case .refused(let utf8) = try outcome("csv", "invalid-utf8.csv") else { Issue.record("invalid-utf8.csv"); return }
        #expect(utf8.contains("fuzz.csv:2:2: invalid UTF-8"))
        // The settings sheet names ward.csv, which is not next to it: so far, and no further.
        guard case .refused(let missing) = try outcome("xlsx", "valid-stored.xlsx") else { Issue.record("valid-stored.xlsx"); return }
        #expect(missing.contains("file \"ward.csv\" not found next to the workbook"), "\(missing)")
        guard case .refused(let deflated) = try outcome("xlsx", "valid-deflated.xlsx") else { Issue.record("valid-deflated.xlsx"); return }
        #expect(deflated == missing)
        guard case .refused(let xxe) = try outcome("xlsx", "external-entity.xlsx") else { Issue.record("external-entity.xlsx"); return }
        #expect(xxe.contains("document type declaration"), "\(xxe)")
    }
}
