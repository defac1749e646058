import MyCandidateDomain

/// Where a party has candidates: one ballot in one area, with how many.
public struct PartyStanding: Sendable {
    public var ballot: Ballot
    public var area: Area
    public var count: Int
}

/// Candidate counts per party and per ballot, worked out once when a snapshot is built so the
/// party pages, the insights page and the API only look them up.
struct PartyIndex: Sendable {
    /// Party key → standings, in ballot order then area-name order.
    let standings: [String: [PartyStanding]]
    let candidatesPerParty: [String: Int]
    let candidatesPerBallot: [String: Int]

    /// - Parameter areasInOrder: for each ballot, its contested areas in display order.
    init(
        ballots: [Ballot],
        areasInOrder: (Ballot) -> [Area],
        listings: [String: [String: AreaListing]],
        candidates: [Candidate]
    ) {
        var standings: [String: [PartyStanding]] = [:]
        var perBallot: [String: Int] = [:]
        for ballot in ballots {
            for area in areasInOrder(ballot) {
                guard let listing = listings[ballot.key]?[area.id] else { continue }
                perBallot[ballot.key, default: 0] += listing.allMembers.count
                var perParty: [String: Int] = [:]
                switch listing {
                case .partyList(let groups):
                    for group in groups { if let party = group.partyKey { perParty[party, default: 0] += group.members.count } }
                case .singleMember(let members):
                    for member in members { if let party = candidates[member].partyKey { perParty[party, default: 0] += 1 } }
                }
                for (party, count) in perParty {
                    standings[party, default: []].append(PartyStanding(ballot: ballot, area: area, count: count))
                }
            }
        }
        self.standings = standings
        candidatesPerParty = standings.mapValues { $0.reduce(0) { $0 + $1.count } }
        candidatesPerBallot = perBallot
    }
}
