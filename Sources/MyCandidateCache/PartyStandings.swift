import MyCandidateDomain

/// Where parties stand, worked out from the snapshot's listings. Pages run it once per render
/// (renders are cached per dataset version); the API once per request, over listings already
/// grouped, so it stays a walk over groups rather than candidates.
public enum PartyStandings {
    public struct Standing: Sendable {
        public var ballot: Ballot
        public var area: Area
        public var count: Int
    }

    /// Every (ballot, area) where the party has candidates, in ballot then area-name order.
    public static func of(_ partyKey: String, in snapshot: Snapshot) -> [Standing] {
        var standings: [Standing] = []
        forEachListing(in: snapshot) { ballot, area, listing in
            let count = members(of: partyKey, in: listing, snapshot: snapshot)
            if count > 0 { standings.append(Standing(ballot: ballot, area: area, count: count)) }
        }
        return standings
    }

    /// Candidates per party key, over the whole dataset.
    public static func candidateCounts(in snapshot: Snapshot) -> [String: Int] {
        var counts: [String: Int] = [:]
        for candidate in snapshot.candidates {
            if let party = snapshot.party(at: candidate.partyIndex) { counts[party.key, default: 0] += 1 }
        }
        return counts
    }

    private static func forEachListing(in snapshot: Snapshot, _ body: (Ballot, Area, AreaListing) -> Void) {
        for ballot in snapshot.ballots {
            for area in snapshot.areas(of: ballot.key) {
                if let listing = snapshot.listing(ballot: ballot.key, area: area.id) { body(ballot, area, listing) }
            }
        }
    }

    private static func members(of partyKey: String, in listing: AreaListing, snapshot: Snapshot) -> Int {
        switch listing {
        case .partyList(let groups):
            groups.first { $0.partyKey == partyKey }?.members.count ?? 0
        case .singleMember(let members):
            members.count { snapshot.party(at: snapshot.candidates[$0].partyIndex)?.key == partyKey }
        }
    }
}
