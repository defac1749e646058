import Foundation
import Logging
import MyCandidateCache
import MyCandidateDomain
import MyCandidateStorage
import Testing

@Suite struct SnapshotTests {
    /// A Kenyan-style hierarchy plus a national list contested in one area.
    static let dataset = Dataset(
        site: SiteSettings(title: "Hierarchy"),
        ballots: [
            Ballot(key: "ward", title: "Ward", position: 2, kind: .singleMember, areaLevel: "ward"),
            Ballot(key: "county_governor", title: "Governor", position: 1, kind: .singleMember, areaLevel: "county"),
            Ballot(key: "national", title: "National", position: 0, kind: .partyList, areaLevel: "country"),
            Ballot(key: "senate", title: "Senate", position: 3, kind: .singleMember, areaLevel: "county"),
        ],
        areas: [
            Area(id: "national", code: "National", name: "National", level: "country"),
            Area(id: "county-1", code: "1", name: "Lakeside", level: "county"),
            Area(id: "county-2", code: "2", name: "Highfield", level: "county"),
            Area(id: "constituency-1", code: "1", name: "Lakeside North", level: "constituency", parentID: "county-1"),
            Area(id: "ward-1", code: "1", name: "Harbour", level: "ward", parentID: "constituency-1"),
            Area(id: "ward-2", code: "2", name: "Reedbank", level: "ward", parentID: "constituency-1"),
        ],
        parties: [Party(key: "a", name: "A Party")],
        candidates: [
            Candidate(ballotKey: "national", areaID: "national", partyKey: "a", givenNames: "N", surname: "One", listPosition: 1),
            Candidate(ballotKey: "county_governor", areaID: "county-1", partyKey: "a", givenNames: "G", surname: "One"),
            Candidate(ballotKey: "senate", areaID: "county-1", partyKey: nil, givenNames: "S", surname: "One"),
            Candidate(ballotKey: "senate", areaID: "county-2", partyKey: nil, givenNames: "S", surname: "Two"),
            Candidate(ballotKey: "ward", areaID: "ward-1", partyKey: "a", givenNames: "W", surname: "Zed"),
            Candidate(ballotKey: "ward", areaID: "ward-1", partyKey: nil, givenNames: "W", surname: "Ay"),
        ]
    )

    static let version = DatasetVersion(
        id: 7, createdAt: Date(timeIntervalSince1970: 0), publishedAt: nil, status: .published, sources: [], counts: dataset.counts
    )

    @Test func aWardVoterGetsEveryBallotThroughTheHierarchy() {
        let snapshot = Snapshot(version: Self.version, dataset: Self.dataset)
        #expect(snapshot.ballots.map(\.key) == ["national", "county_governor", "ward", "senate"])
        #expect(snapshot.ballots(forArea: "ward-1") == [
            BallotArea(ballotKey: "national", areaID: "national"),
            BallotArea(ballotKey: "county_governor", areaID: "county-1"),
            BallotArea(ballotKey: "ward", areaID: "ward-1"),
            BallotArea(ballotKey: "senate", areaID: "county-1"),
        ])
        // Nobody stands in ward 2, so it has no ward ballot, but its county's ballots apply.
        #expect(snapshot.ballots(forArea: "ward-2").map(\.ballotKey) == ["national", "county_governor", "senate"])
        #expect(snapshot.ballots(forArea: "county-2").map(\.ballotKey) == ["national", "senate"])
        #expect(snapshot.ancestors(of: "ward-1").map(\.id) == ["county-1", "constituency-1"])
    }

    @Test func listingsAndAreasAreIndexed() {
        let snapshot = Snapshot(version: Self.version, dataset: Self.dataset)
        guard case .singleMember(let members) = snapshot.listing(ballot: "ward", area: "ward-1") else {
            Issue.record("expected a single-member listing")
            return
        }
        #expect(members.map { snapshot.candidates[$0].surname } == ["Ay", "Zed"])
        #expect(snapshot.listing(ballot: "ward", area: "ward-2") == nil)
        #expect(snapshot.areas(of: "senate").map(\.name) == ["Highfield", "Lakeside"])
        #expect(snapshot.party(at: snapshot.candidates[4].partyIndex)?.name == "A Party")
        #expect(snapshot.candidates[5].partyIndex == nil)
    }

    @Test func countsAndStandingsAreWorkedOutOnce() {
        let snapshot = Snapshot(version: Self.version, dataset: Self.dataset)
        #expect(snapshot.standings(ofParty: "a").map { "\($0.ballot.key)/\($0.area.id)/\($0.count)" }
            == ["national/national/1", "county_governor/county-1/1", "ward/ward-1/1"])
        #expect(snapshot.candidateCount(ofParty: "a") == 3)
        #expect(snapshot.candidateCount(ofParty: "nobody") == 0)
        #expect(snapshot.candidateCount(onBallot: "senate") == 2)
        #expect(snapshot.candidateCount(onBallot: "ward") == 2)
    }

    @Test func theStoreSwapsOnlyWhenThePublishedVersionChanges() async throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("snapshot-\(UUID().uuidString).sqlite").path
        let repository = try await makeRepository(.sqlite(path: path), logger: Logger(label: "test"))
        try await repository.migrate()
        let store = SnapshotStore()
        let logger = Logger(label: "test")

        #expect(try await store.refresh(from: repository, logger: logger) == nil)
        #expect(store.snapshot == nil)

        let first = try await repository.store(Self.dataset, sources: [], publish: true)
        #expect(try await store.refresh(from: repository, logger: logger) == first.id)
        let served = try #require(store.snapshot)
        #expect(try await store.refresh(from: repository, logger: logger) == nil)
        #expect(store.snapshot === served)

        var changed = Self.dataset
        changed.site.title = "Changed"
        _ = try await repository.store(changed, sources: [], publish: false)
        #expect(try await store.refresh(from: repository, logger: logger) == nil, "a draft is not served")

        let second = try await repository.store(changed, sources: [], publish: true)
        #expect(try await store.refresh(from: repository, logger: logger) == second.id)
        #expect(store.snapshot?.site.title == "Changed")
        // The snapshot a request already holds is unaffected by the swap.
        #expect(served.site.title == "Hierarchy")
        await repository.shutdown()
    }
}
