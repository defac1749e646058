import Foundation
import MyCandidateDomain
import MyCandidateImport

/// The entry points the fuzzers and their replay test share: bytes go to the readers exactly as
/// an import hands them over, and the outcome says whether the reader kept its contract.
///
/// The contract: a reader returns rows or throws ``ImportError`` (an import, ``ImportFailure``).
/// Anything else, a crash, a trap or another error type, is a finding.
public enum FuzzHarness {
    /// What one input did.
    public enum Outcome: Sendable {
        /// The bytes were read; `rows` records or sheet rows came out.
        case read(rows: Int)
        /// The bytes were refused with the reader's own error.
        case refused(String)
        /// The contract was broken: an error of another type.
        case unexpected(String)

        /// Whether the reader kept its contract.
        public var keptContract: Bool {
            if case .unexpected = self { return false }
            return true
        }
    }

    /// Reads `data` as a ballot's CSV file: record by record with ``CSVReader``, then through the
    /// whole import as `mycandidate import FILE --ballot ward --area-column "Ward Code"` does.
    public static func csv(_ data: Data) -> Outcome {
        var rows = 0
        do {
            var reader = try CSVReader(data: data, file: "fuzz.csv")
            while try reader.next() != nil { rows += 1 }
        } catch {
            // Typed throws: the reader cannot throw anything but `ImportError`.
            return .refused(error.description)
        }
        let ballot = BallotSource(key: "ward", areaColumn: "Ward Code", files: [SourceInput(name: "fuzz.csv", data: data)])
        do {
            let result = try Importer.importBallots(site: SiteSettings(title: "Fuzz"), ballots: [ballot])
            return .read(rows: result.dataset.candidates.count)
        } catch let failure as ImportFailure {
            return .refused(failure.description)
        } catch {
            return .unexpected("\(type(of: error)): \(error)")
        }
    }

    /// Reads `data` as a seed workbook: every sheet's rows with ``XLSXReader``, then the
    /// settings sheet as ``SeedWorkbook`` interprets it, with an empty folder beside it (so any
    /// ballot file it names is "not found" rather than read from this machine).
    public static func xlsx(_ data: Data) -> Outcome {
        var rows = 0
        do {
            let reader = try XLSXReader(data: data, name: "fuzz.xlsx")
            for sheet in reader.sheetNames {
                rows += try reader.rows(inSheet: sheet).count
            }
            _ = try SeedWorkbook(reader: reader, folder: emptyFolder)
            return .read(rows: rows)
        } catch let error as ImportError {
            return .refused(error.description)
        } catch {
            return .unexpected("\(type(of: error)): \(error)")
        }
    }

    /// A folder that holds nothing, made once.
    private static let emptyFolder: URL = {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("mycandidate-fuzz-empty-\(getpid())", isDirectory: true)
        try? FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }()
}
