import MyCandidateDomain
import Testing

@Suite struct DatasetDiffTests {
    static let before = Dataset(
        site: SiteSettings(title: "Diff"),
        ballots: [
            Ballot(key: "national", title: "National", position: 0, kind: .partyList, areaLevel: "country"),
            Ballot(key: "ward", title: "Ward", position: 1, kind: .singleMember, areaLevel: "ward"),
        ],
        areas: [
            Area(id: "national", code: "National", name: "National", level: "country"),
            Area(id: "ward-1", code: "1", name: "Harbour", level: "ward"),
            Area(id: "ward-2", code: "2", name: "Anchor", level: "ward"),
        ],
        parties: [Party(key: "sun", name: "Sunrise Alliance"), Party(key: "old", name: "Old Party")],
        candidates: [
            Candidate(ballotKey: "national", areaID: "national", partyKey: "sun", givenNames: "Thandi", surname: "Zulu", listPosition: 1, age: 40),
            Candidate(ballotKey: "national", areaID: "national", partyKey: "old", givenNames: "Pieter", surname: "Botha", listPosition: 1),
            Candidate(ballotKey: "ward", areaID: "ward-1", partyKey: "sun", givenNames: "Baraka", surname: "Ochieng"),
            Candidate(ballotKey: "ward", areaID: "ward-2", partyKey: nil, givenNames: "Wanjiru", surname: "Kamau"),
        ]
    )

    @Test func theSameDatasetChangesNothing() {
        #expect(DatasetDiff.between(Self.before, Self.before).isEmpty)
    }

    @Test func additionsRemovalsAndChangesPerArea() {
        var after = Self.before
        after.parties = [Party(key: "sun", name: "Sunrise Alliance"), Party(key: "new", name: "New Movement")]
        after.candidates = [
            // Same person (name case differs), new list position and age.
            Candidate(ballotKey: "national", areaID: "national", partyKey: "sun", givenNames: "THANDI", surname: "ZULU", listPosition: 2, age: 41),
            Candidate(ballotKey: "national", areaID: "national", partyKey: "new", givenNames: "Lerato", surname: "Mokoena", listPosition: 1),
            // Withdrew from the party: now independent.
            Candidate(ballotKey: "ward", areaID: "ward-1", partyKey: nil, givenNames: "Baraka", surname: "Ochieng"),
            Candidate(ballotKey: "ward", areaID: "ward-2", partyKey: nil, givenNames: "Wanjiru", surname: "Kamau"),
        ]
        let diff = DatasetDiff.between(Self.before, after)
        #expect(diff.partiesAdded == ["New Movement"])
        #expect(diff.partiesRemoved == ["Old Party"])
        #expect(diff.ballotsAdded.isEmpty && diff.ballotsRemoved.isEmpty)
        #expect(diff.areas == [
            .init(
                ballot: "national", area: "national", areaName: "National",
                added: ["Lerato Mokoena"], removed: ["Pieter Botha"],
                changed: ["THANDI ZULU: list position 1 → 2, age 40 → 41"]
            ),
            .init(ballot: "ward", area: "ward-1", areaName: "Harbour", added: [], removed: [], changed: ["Baraka Ochieng: party Sunrise Alliance → independent"]),
        ])
        #expect(diff.counts == (added: 1, removed: 1, changed: 2))
    }

    @Test func aBallotThatGoesTakesItsCandidatesWithIt() {
        var after = Self.before
        after.ballots.removeLast()
        after.candidates.removeAll { $0.ballotKey == "ward" }
        let diff = DatasetDiff.between(Self.before, after)
        #expect(diff.ballotsRemoved == ["ward"])
        // Areas by name within the ballot: Anchor before Harbour.
        #expect(diff.areas.map(\.areaName) == ["Anchor", "Harbour"])
        #expect(diff.areas.flatMap(\.removed) == ["Wanjiru Kamau", "Baraka Ochieng"])
    }

    @Test func namesakesInOneAreaArePairedInOrder() {
        var before = Self.before
        before.candidates = [
            Candidate(ballotKey: "ward", areaID: "ward-1", partyKey: "sun", givenNames: "John", surname: "Mwangi"),
            Candidate(ballotKey: "ward", areaID: "ward-1", partyKey: nil, givenNames: "John", surname: "Mwangi"),
        ]
        var after = before
        after.candidates.removeFirst()
        after.candidates[0].partyKey = "sun"
        let diff = DatasetDiff.between(before, after)
        #expect(diff.areas.first?.removed == ["John Mwangi"])
        #expect(diff.areas.first?.changed == [])
    }
}
