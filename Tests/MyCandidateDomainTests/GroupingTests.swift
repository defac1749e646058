@testable import MyCandidateDomain
import Testing

@Suite struct GroupingTests {
    let candidates = [
        Fixture.candidate("Z", "Two", party: "zeta", position: 2),
        Fixture.candidate("Z", "OneFirst", party: "zeta", position: 1),
        Fixture.candidate("A", "Three", party: "alpha", position: 3),
        Fixture.candidate("Z", "OneSecond", party: "zeta", position: 1),
        Fixture.candidate("A", "One", party: "alpha", position: 1),
        Fixture.candidate("I", "Independent", party: nil, position: nil),
        Fixture.candidate("M", "NoPosition", party: "mid", position: nil),
    ]

    @Test func partiesAlphabeticalHeadlineFirstOfSharedPosition() throws {
        let listing = Grouping.listing(of: Array(candidates.indices), in: candidates, ballot: Fixture.partyList, partyNames: Fixture.partyNames)
        guard case .partyList(let groups) = listing else { Issue.record("expected a party list"); return }
        #expect(groups.map(\.partyKey) == ["alpha", "mid", "zeta", nil])
        #expect(groups[0].members == [4, 2])
        // Two candidates share position 1 on the zeta list: the first in source order heads it.
        #expect(groups[2].headline == 1)
        #expect(groups[2].members == [1, 3, 0])
        #expect(Array(groups[2].others) == [3, 0])
        #expect(groups[3].members == [5])
    }

    @Test func configuredPartyOrderComesFirst() throws {
        var ballot = Fixture.partyList
        ballot.partyOrder = ["zeta"]
        let listing = Grouping.listing(of: Array(candidates.indices), in: candidates, ballot: ballot, partyNames: Fixture.partyNames)
        guard case .partyList(let groups) = listing else { Issue.record("expected a party list"); return }
        #expect(groups.map(\.partyKey) == ["zeta", "alpha", "mid", nil])
    }

    @Test func singleMemberBallotsSortBySurnameThenGivenNames() {
        let people = [
            Fixture.candidate("Beth", "Ödegaard", party: "a", ballot: "ward"),
            Fixture.candidate("Carl", "adams", party: nil, ballot: "ward"),
            Fixture.candidate("Anna", "Adams", party: "b", ballot: "ward"),
        ]
        let listing = Grouping.listing(of: [0, 1, 2], in: people, ballot: Fixture.ward, partyNames: [:])
        #expect(listing == .singleMember([2, 1, 0]))
        #expect(listing.allMembers == [2, 1, 0])
    }
}
