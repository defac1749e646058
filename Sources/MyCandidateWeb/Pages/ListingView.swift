import MyCandidateCache
import MyCandidateDomain

/// View model of one ballot's candidates in one area, as the `listing` partial shows them.
struct ListingView: Encodable, Sendable {
    struct PartyList: Encodable, Sendable {
        var name: String
        var abbreviation: String?
        var headline: ListedCandidate
        var hasOthers: Bool
        var othersCount: Int
        var others: [ListedCandidate]
    }

    struct ListedCandidate: Encodable, Sendable {
        var name: String
        /// List position as text; `nil` hides it.
        var position: String?
    }

    struct SingleCandidate: Encodable, Sendable {
        var name: String
        var party: String
    }

    var summary: String
    var isPartyList: Bool
    var parties: [PartyList]
    var candidates: [SingleCandidate]

    init(_ listing: AreaListing, snapshot: Snapshot) {
        let entries = snapshot.candidates
        func listed(_ index: Int) -> ListedCandidate {
            ListedCandidate(name: entries[index].fullName, position: entries[index].listPosition.map(String.init))
        }
        switch listing {
        case .partyList(let groups):
            isPartyList = true
            candidates = []
            parties = groups.map { group in
                let party = group.partyKey.flatMap(snapshot.party)
                return PartyList(
                    name: party?.name ?? "Independent",
                    abbreviation: party?.abbreviation.nonEmpty,
                    headline: listed(group.headline),
                    hasOthers: group.members.count > 1,
                    othersCount: group.members.count - 1,
                    others: group.others.map(listed)
                )
            }
            summary = Self.count(parties.count, "party", "parties") + ", "
                + Self.count(listing.allMembers.count, "candidate", "candidates")
        case .singleMember(let members):
            isPartyList = false
            parties = []
            candidates = members.map { index in
                let party = snapshot.party(at: entries[index].partyIndex)
                let partyLabel = party.map { $0.abbreviation.isEmpty ? $0.name : "\($0.name) (\($0.abbreviation))" }
                return SingleCandidate(name: entries[index].fullName, party: partyLabel ?? "Independent")
            }
            summary = Self.count(candidates.count, "candidate", "candidates")
        }
    }

    static func count(_ n: Int, _ singular: String, _ plural: String) -> String {
        "\(n) \(n == 1 ? singular : plural)"
    }
}
