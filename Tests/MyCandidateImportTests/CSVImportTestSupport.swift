import Foundation
import MyCandidateDomain
import MyCandidateImport
import Testing

/// Loads the CSV fixtures and runs imports that are expected to fail.
enum CSVFixture {
    static func input(_ name: String) throws -> SourceInput {
        let url = try #require(Bundle.module.url(forResource: name, withExtension: nil, subdirectory: "Fixtures"))
        return SourceInput(name: name, data: try Data(contentsOf: url))
    }

    static let site = SiteSettings(title: "Test site")

    static func inline(_ name: String, _ text: String) -> SourceInput {
        SourceInput(name: name, data: Data(text.utf8))
    }

    /// The failure an import throws; records an issue when it does not throw one.
    static func failure(
        _ ballots: [BallotSource],
        sourceLocation: SourceLocation = #_sourceLocation
    ) -> ImportFailure? {
        do {
            let result = try Importer.importBallots(site: site, ballots: ballots, options: ImportOptions())
            Issue.record("import succeeded with \(result.dataset.candidates.count) candidates", sourceLocation: sourceLocation)
            return nil
        } catch let failure as ImportFailure {
            return failure
        } catch {
            Issue.record("unexpected error \(error)", sourceLocation: sourceLocation)
            return nil
        }
    }
}
