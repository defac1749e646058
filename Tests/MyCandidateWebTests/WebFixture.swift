import Foundation
import Logging
import MyCandidateCache
import MyCandidateDomain
import MyCandidateStorage
import MyCandidateWeb

/// A tiny published dataset in a throwaway SQLite file, and the app built on it.
enum WebFixture {
    static let dataset = Dataset(
        site: SiteSettings(
            title: "Fixture Elections 2026",
            titleShort: "Fixture",
            faviconLink: "javascript:alert(1)",
            partnerName: "Partner Org",
            partnerWebsite: "https://partner.example/",
            organizationName: "Civic Org",
            organizationLink: "https://civic.example/",
            colours: SiteColours(logo: "#30474A", footer: "#123456", bodyForeground: "red;}body{x", navBars: "navy")
        ),
        ballots: [
            Ballot(key: "provincial", title: "Provincial", explainer: "Elects the legislature.", position: 0, kind: .partyList, areaLevel: "province"),
            Ballot(key: "ward", title: "Ward", explainer: "", position: 1, kind: .singleMember, areaLevel: "ward"),
        ],
        areas: [
            Area(id: "kwazulu-natal", code: "KwaZulu\u{2010}Natal", name: "KwaZulu\u{2010}Natal", level: "province"),
            Area(id: "county-1", code: "1", name: "Lakeside", level: "county"),
            Area(id: "constituency-1", code: "1", name: "Lakeside North", level: "constituency", parentID: "county-1"),
            Area(id: "ward-1", code: "1", name: "Harbour", level: "ward", parentID: "constituency-1"),
        ],
        parties: [
            Party(key: "sunrise-alliance", name: "Sunrise Alliance", abbreviation: "SUN"),
            Party(key: "harbour-democrats", name: "Harbour Democrats", abbreviation: "HD", code: "007"),
        ],
        candidates: [
            Candidate(ballotKey: "provincial", areaID: "kwazulu-natal", partyKey: "sunrise-alliance", givenNames: "Thandi", surname: "Zulu", listPosition: 2, age: 44),
            Candidate(ballotKey: "provincial", areaID: "kwazulu-natal", partyKey: "sunrise-alliance", givenNames: "Amani <script>alert(1)</script>", surname: "Dlamini", listPosition: 1, age: 51),
            Candidate(ballotKey: "provincial", areaID: "kwazulu-natal", partyKey: "sunrise-alliance", givenNames: "Zola", surname: "Nkosi", listPosition: 1),
            Candidate(ballotKey: "provincial", areaID: "kwazulu-natal", partyKey: "harbour-democrats", givenNames: "Renée", surname: "du Plessis", listPosition: 1),
            Candidate(ballotKey: "ward", areaID: "ward-1", partyKey: "harbour-democrats", givenNames: "Baraka", surname: "Ochieng"),
            Candidate(ballotKey: "ward", areaID: "ward-1", partyKey: nil, givenNames: "Wanjiru", surname: "Kamau"),
        ]
    )

    /// Stores ``dataset`` as the published version of a new SQLite database and returns a
    /// configuration pointing at it.
    static func config(publishing dataset: Dataset? = WebFixture.dataset) async throws -> AppConfig {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("mycandidate-web-\(UUID().uuidString)")
        let path = folder.appendingPathComponent("test.sqlite").path
        let location = try DatabaseLocation(url: "sqlite:" + path)
        if let dataset {
            let repository = try await makeRepository(location, logger: Logger(label: "test"))
            try await repository.migrate()
            _ = try await repository.store(
                dataset, sources: [SourceFile(file: "fixture.csv", sha256: String(repeating: "0", count: 64))], publish: true
            )
            await repository.shutdown()
        }
        return AppConfig(
            database: location, migrateOnStart: true, demoData: false,
            filesDirectory: folder.appendingPathComponent("files").path, logLevel: .warning
        )
    }

    /// The fixture's database opened as a repository, and a snapshot store holding what it
    /// publishes: for tests that wire routes by hand or publish another version midway. The
    /// caller shuts the repository down.
    static func servedStore() async throws -> (repository: any Repository, store: SnapshotStore) {
        let repository = try await makeRepository(try await config().database, logger: Logger(label: "test"))
        let store = SnapshotStore()
        _ = try await store.refresh(from: repository, logger: Logger(label: "test"))
        return (repository, store)
    }
}
