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
        /// The first of the others; the rest are on the party's own list page.
        var others: [ListedCandidate]
        var wholeList: WholeListLink?
    }

    struct ListedCandidate: Encodable, Sendable {
        var name: String
        /// List position as a number, for `<li value>`; `nil` hides it.
        var position: String?
        /// "list position 3", in the visitor's language.
        var positionLabel: String?
        /// The configured external link for the name, if any.
        var link: String?
    }

    struct WholeListLink: Encodable, Sendable {
        var path: String
        var label: String
    }

    /// Names a results page shows per party; the national list has up to 200 per party and
    /// 52 parties, so longer lists link to their own page instead of inflating this one.
    static let namesPerParty = 25

    struct SingleCandidate: Encodable, Sendable {
        var name: String
        var party: String
        var link: String?
    }

    var summary: String
    var isPartyList: Bool
    var parties: [PartyList]
    var candidates: [SingleCandidate]

    static func listed(_ index: Int, snapshot: Snapshot, request: PageRequest) -> ListedCandidate {
        let entry = snapshot.candidates[index]
        let position = entry.listPosition.map(String.init)
        return ListedCandidate(
            name: entry.fullName,
            position: position,
            positionLabel: position.map { request.text.format(\.listPosition, ["position": $0]) },
            link: request.link(forCandidate: entry.fullName)
        )
    }

    init(_ listing: AreaListing, ballot: String, area: String, snapshot: Snapshot, request: PageRequest) {
        let entries = snapshot.candidates
        let text = request.text
        func listed(_ index: Int) -> ListedCandidate { Self.listed(index, snapshot: snapshot, request: request) }
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
                    others: group.others.prefix(Self.namesPerParty - 1).map(listed),
                    wholeList: party.flatMap { party in
                        guard group.members.count > Self.namesPerParty else { return nil }
                        return WholeListLink(
                            path: request.link(.partyList(ballot: ballot, area: area, party: party.key)),
                            label: text.format(\.seeWholeList, ["count": String(group.members.count)])
                        )
                    }
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
                return SingleCandidate(
                    name: entries[index].fullName,
                    party: partyLabel ?? text.independent,
                    link: request.link(forCandidate: entries[index].fullName)
                )
            }
            summary = text.count(candidates.count, one: \.candidatesOne, other: \.candidatesOther)
        }
    }
}
