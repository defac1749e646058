import MyCandidateCache
import MyCandidateDomain

/// View model of one ballot's candidates in one area, as the `listing` partial shows them.
struct ListingView: Encodable, Sendable {
    struct PartyList: Encodable, Sendable {
        var name: String
        var abbreviation: String?
        var headline: ListedCandidate
        var hasOthers: Bool
        /// "11 more on this list".
        var othersLabel: String
        var others: [ListedCandidate]
    }

    struct ListedCandidate: Encodable, Sendable {
        var name: String
        /// List position as a number, for `<li value>`; `nil` hides it.
        var position: String?
        /// "list position 3", in the visitor's language.
        var positionLabel: String?
    }

    struct SingleCandidate: Encodable, Sendable {
        var name: String
        var party: String
    }

    var summary: String
    var isPartyList: Bool
    var parties: [PartyList]
    var candidates: [SingleCandidate]

    init(_ listing: AreaListing, snapshot: Snapshot, text: UIText) {
        let entries = snapshot.candidates
        func listed(_ index: Int) -> ListedCandidate {
            let position = entries[index].listPosition.map(String.init)
            return ListedCandidate(
                name: entries[index].fullName,
                position: position,
                positionLabel: position.map { text.format(\.listPosition, ["position": $0]) }
            )
        }
        switch listing {
        case .partyList(let groups):
            isPartyList = true
            candidates = []
            parties = groups.map { group in
                let party = group.partyKey.flatMap(snapshot.party)
                return PartyList(
                    name: party?.name ?? text.independent,
                    abbreviation: party?.abbreviation.nonEmpty,
                    headline: listed(group.headline),
                    hasOthers: group.members.count > 1,
                    othersLabel: text.format(\.moreOnThisList, ["count": String(group.members.count - 1)]),
                    others: group.others.map(listed)
                )
            }
            summary = text.count(parties.count, one: \.partiesOne, other: \.partiesOther) + ", "
                + text.count(listing.allMembers.count, one: \.candidatesOne, other: \.candidatesOther)
        case .singleMember(let members):
            isPartyList = false
            parties = []
            candidates = members.map { index in
                let party = snapshot.party(at: entries[index].partyIndex)
                let partyLabel = party.map { $0.abbreviation.isEmpty ? $0.name : "\($0.name) (\($0.abbreviation))" }
                return SingleCandidate(name: entries[index].fullName, party: partyLabel ?? text.independent)
            }
            summary = text.count(candidates.count, one: \.candidatesOne, other: \.candidatesOther)
        }
    }
}
