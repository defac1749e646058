import MyCandidateDomain
import Testing

@Suite struct DatasetTests {
    static func dataset(ballot: Ballot, areas: [Area], parties: [Party], candidates: [Candidate]) -> Dataset {
        Dataset(site: SiteSettings(title: "Test"), ballots: [ballot], areas: areas, parties: parties, candidates: candidates)
    }

    @Test func integrityProblemsNameEachBrokenReference() {
        let dataset = Dataset(
            site: SiteSettings(title: "T"),
            ballots: [Fixture.partyList, Fixture.partyList],
            areas: [Area(id: "ward-1", code: "1", name: "One", level: "ward", parentID: "constituency-9")],
            parties: [Party(key: "a", name: "A")],
            candidates: [Fixture.candidate("X", "Y", party: "b", ballot: "ward", area: "ward-2")]
        )
        #expect(dataset.integrityProblems() == [
            "duplicate ballot key national",
            "area ward-1 has unknown parent constituency-9",
            "candidate 0 has unknown ballot ward",
            "candidate 0 has unknown area ward-2",
            "candidate 0 has unknown party b",
        ])
    }

    @Test func replacingABallotKeepsTheRestAndDropsWhatIsNoLongerUsed() throws {
        let county = Area(id: "county-1", code: "1", name: "Lakeside", level: "county")
        let oldWard = Area(id: "ward-1", code: "1", name: "Harbour", level: "ward", parentID: "county-1")
        let newWard = Area(id: "ward-2", code: "2", name: "Reedbank", level: "ward", parentID: "county-1")
        let national = Area(id: "national", code: "National", name: "National", level: "country")
        let base = Dataset(
            site: SiteSettings(title: "Base"),
            ballots: [Fixture.partyList, Fixture.ward],
            areas: [national, county, oldWard],
            parties: [Party(key: "a", name: "A"), Party(key: "old", name: "Old")],
            candidates: [
                Fixture.candidate("N", "One", party: "a", position: 1),
                Fixture.candidate("W", "Old", party: "old", ballot: "ward", area: "ward-1"),
            ]
        )
        var updatedWard = Fixture.ward
        updatedWard.title = "Ward (corrected)"
        updatedWard.position = 0
        let update = Dataset(
            site: SiteSettings(title: "Ignored"),
            ballots: [updatedWard],
            areas: [county, newWard],
            parties: [Party(key: "a", name: "A renamed", abbreviation: "A")],
            candidates: [Fixture.candidate("W", "New", party: "a", ballot: "ward", area: "ward-2")]
        )
        let merged = try base.replacingBallots(with: update)
        #expect(merged.site.title == "Base")
        #expect(merged.ballots.map(\.key) == ["national", "ward"])
        #expect(merged.ballots[1].title == "Ward (corrected)")
        #expect(merged.ballots[1].position == 1)
        #expect(merged.areas.map(\.id) == ["national", "county-1", "ward-2"])
        #expect(merged.parties == [Party(key: "a", name: "A renamed", abbreviation: "A")])
        #expect(merged.candidates.map(\.surname) == ["One", "New"])
        #expect(merged.integrityProblems().isEmpty)
    }

    @Test func anAreaIdMeaningTwoPlacesIsRefused() {
        let base = Self.dataset(
            ballot: Fixture.partyList,
            areas: [Area(id: "gauteng", code: "Gauteng", name: "Gauteng", level: "province")],
            parties: [], candidates: [Fixture.candidate("A", "B", party: nil, area: "gauteng")]
        )
        let update = Self.dataset(
            ballot: Fixture.ward,
            areas: [Area(id: "gauteng", code: "Gauteng", name: "Gauteng", level: "region")],
            parties: [], candidates: [Fixture.candidate("C", "D", party: nil, ballot: "ward", area: "gauteng")]
        )
        #expect(throws: DatasetMergeError.self) { try base.replacingBallots(with: update) }
    }
}
