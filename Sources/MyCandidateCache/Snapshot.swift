import Foundation
import MyCandidateDomain

/// An immutable, fully indexed copy of one published dataset version: everything the public
/// read path needs, answered from memory without touching the database.
///
/// Built once per published version (at start and on every swap), so all grouping and sorting
/// happens here rather than per request.
public final class Snapshot: Sendable {
    public let version: DatasetVersion
    public let site: SiteSettings
    /// Ballots in display order.
    public let ballots: [Ballot]
    public let areas: [Area]
    public let parties: [Party]
    public let candidates: [CandidateEntry]
    /// Every area with a ballot, findable by name or code.
    public let search: AreaSearch
    /// Every candidate in display order, findable by name.
    public let candidateSearch: CandidateSearch
    /// Indices into ``candidates`` in display order: ballot order, then area name, then as the
    /// area's results page lists them.
    public var candidatesInDisplayOrder: [Int32] { candidateSearch.order }

    private let ballotIndex: [String: Int]
    private let areaIndex: [String: Int]
    private let partyIndex: [String: Int]
    /// ballot key → area id → listing: O(1) lookup for a results page.
    private let listings: [String: [String: AreaListing]]
    /// ballot key → indices of the areas it is contested in, sorted by name.
    private let ballotAreas: [String: [Int]]
    /// area id → every (ballot, area) a voter there receives, through the hierarchy.
    private let ballotsThroughHierarchy: [String: [BallotArea]]
    private let partyCounts: PartyIndex

    /// Indexes `dataset`, which must be consistent (see ``Dataset/integrityProblems()``).
    public init(version: DatasetVersion, dataset: Dataset) {
        self.version = version
        site = dataset.site
        ballots = dataset.ballots.sorted { ($0.position, $0.key) < ($1.position, $1.key) }
        areas = dataset.areas
        parties = dataset.parties
        ballotIndex = Self.index(ballots.map(\.key))
        areaIndex = Self.index(areas.map(\.id))
        partyIndex = Self.index(parties.map(\.key))
        candidates = dataset.candidates.map { [ballotIndex, areaIndex, partyIndex] in
            CandidateEntry(
                $0, ballotIndex: ballotIndex[$0.ballotKey] ?? 0, areaIndex: areaIndex[$0.areaID] ?? 0,
                partyIndex: $0.partyKey.flatMap { partyIndex[$0] }
            )
        }

        var members: [String: [String: [Int]]] = [:]
        for (index, candidate) in dataset.candidates.enumerated() {
            members[candidate.ballotKey, default: [:]][candidate.areaID, default: []].append(index)
        }
        let partyNames = Dictionary(uniqueKeysWithValues: parties.map { ($0.key, $0.name) })
        var listings: [String: [String: AreaListing]] = [:]
        var ballotAreas: [String: [Int]] = [:]
        for ballot in ballots {
            let byArea = members[ballot.key] ?? [:]
            listings[ballot.key] = byArea.mapValues {
                Grouping.listing(of: $0, in: dataset.candidates, ballot: ballot, partyNames: partyNames)
            }
            ballotAreas[ballot.key] = byArea.keys.compactMap { [areaIndex] in areaIndex[$0] }.sorted { [areas] a, b in
                Self.displayOrder(areas[a], areas[b])
            }
        }
        self.listings = listings
        self.ballotAreas = ballotAreas
        ballotsThroughHierarchy = Self.ballotsThroughHierarchy(
            areas: areas, areaIndex: areaIndex, ballots: ballots, listings: listings
        )
        search = AreaSearch(areas: areas, ballotsForArea: ballotsThroughHierarchy)
        var order: [Int32] = []
        order.reserveCapacity(dataset.candidates.count)
        for ballot in ballots {
            for area in ballotAreas[ballot.key] ?? [] {
                order.append(contentsOf: (listings[ballot.key]?[areas[area].id]?.allMembers ?? []).map(Int32.init))
            }
        }
        candidateSearch = CandidateSearch(order: order) { [candidates] in candidates[$0].fullName }
        partyCounts = PartyIndex(
            ballots: ballots,
            areasInOrder: { [areas] ballot in (ballotAreas[ballot.key] ?? []).map { areas[$0] } },
            listings: listings,
            candidates: dataset.candidates
        )
    }

    /// Where a party has candidates, in ballot order then area-name order.
    public func standings(ofParty key: String) -> [PartyStanding] { partyCounts.standings[key] ?? [] }

    /// How many candidates a party fields across all ballots.
    public func candidateCount(ofParty key: String) -> Int { partyCounts.candidatesPerParty[key] ?? 0 }

    /// How many candidates stand on a ballot across all its areas.
    public func candidateCount(onBallot key: String) -> Int { partyCounts.candidatesPerBallot[key] ?? 0 }

    public func ballot(_ key: String) -> Ballot? { ballotIndex[key].map { ballots[$0] } }
    public func area(_ id: String) -> Area? { areaIndex[id].map { areas[$0] } }
    public func party(_ key: String) -> Party? { partyIndex[key].map { parties[$0] } }
    public func party(at index: Int32?) -> Party? { index.map { parties[Int($0)] } }
    /// Position in ``ballots``, as ``CandidateEntry/ballotIndex`` holds it.
    public func index(ofBallot key: String) -> Int32? { ballotIndex[key].map(Int32.init) }
    /// Position in ``parties``, as ``CandidateEntry/partyIndex`` holds it.
    public func index(ofParty key: String) -> Int32? { partyIndex[key].map(Int32.init) }
    public func ballot(of candidate: CandidateEntry) -> Ballot { ballots[Int(candidate.ballotIndex)] }
    public func area(of candidate: CandidateEntry) -> Area { areas[Int(candidate.areaIndex)] }

    /// The grouped candidates of one ballot in one area, or `nil` when nobody stands there.
    public func listing(ballot: String, area: String) -> AreaListing? { listings[ballot]?[area] }

    /// The order areas are listed in: by name as people read it (case, accents and numbers
    /// compared naturally), then by id.
    public static func displayOrder(_ a: Area, _ b: Area) -> Bool {
        let order = a.name.compare(b.name, options: [.caseInsensitive, .diacriticInsensitive, .numeric])
        return order == .orderedSame ? a.id < b.id : order == .orderedAscending
    }

    /// The areas a ballot is contested in, sorted by name.
    public func areas(of ballot: String) -> [Area] { (ballotAreas[ballot] ?? []).map { areas[$0] } }

    /// The chain of areas enclosing `id`, outermost first, excluding the area itself.
    public func ancestors(of id: String) -> [Area] {
        var chain: [Area] = []
        var current = area(id)?.parentID
        while let parentID = current, let parent = area(parentID), !chain.contains(where: { $0.id == parentID }) {
            chain.insert(parent, at: 0)
            current = parent.parentID
        }
        return chain
    }

    /// Every ballot a voter in area `id` receives: ballots contested in the area itself or in an
    /// enclosing area, plus ballots whose single area is the only one of its level (a national
    /// list), in ballot order.
    public func ballots(forArea id: String) -> [BallotArea] { ballotsThroughHierarchy[id] ?? [] }

    private static func index(_ keys: [String]) -> [String: Int] {
        Dictionary(keys.enumerated().map { ($1, $0) }, uniquingKeysWith: { first, _ in first })
    }

    private static func ballotsThroughHierarchy(
        areas: [Area],
        areaIndex: [String: Int],
        ballots: [Ballot],
        listings: [String: [String: AreaListing]]
    ) -> [String: [BallotArea]] {
        var areasPerLevel: [String: Int] = [:]
        for area in areas { areasPerLevel[area.level, default: 0] += 1 }
        // A ballot whose only area is the only one of its level (the national list) is on
        // every voter's paper; one contested in just one of many counties is not.
        var universal: [String: String] = [:]
        for ballot in ballots {
            let contested = listings[ballot.key] ?? [:]
            if contested.count == 1, let only = contested.keys.first, let index = areaIndex[only],
               areasPerLevel[areas[index].level] == 1 {
                universal[ballot.key] = only
            }
        }
        var result: [String: [BallotArea]] = [:]
        for area in areas {
            var chain = [area.id]
            var current = area.parentID
            while let parent = current, let index = areaIndex[parent], !chain.contains(parent) {
                chain.append(parent)
                current = areas[index].parentID
            }
            var found: [BallotArea] = []
            for ballot in ballots {
                let contested = listings[ballot.key] ?? [:]
                if let match = chain.first(where: { contested[$0] != nil }) {
                    found.append(BallotArea(ballotKey: ballot.key, areaID: match))
                } else if let only = universal[ballot.key] {
                    found.append(BallotArea(ballotKey: ballot.key, areaID: only))
                }
            }
            result[area.id] = found
        }
        return result
    }
}

/// A ballot together with the area it is contested in for some voter.
public struct BallotArea: Sendable, Equatable {
    public var ballotKey: String
    public var areaID: String

    public init(ballotKey: String, areaID: String) {
        self.ballotKey = ballotKey
        self.areaID = areaID
    }
}

/// A candidate as the snapshot keeps them: the party as an index instead of a repeated key.
public struct CandidateEntry: Sendable {
    public let givenNames: String
    public let surname: String
    /// Index into ``Snapshot/ballots``.
    public let ballotIndex: Int32
    /// Index into ``Snapshot/areas``.
    public let areaIndex: Int32
    /// Index into ``Snapshot/parties``; `nil` for an independent.
    public let partyIndex: Int32?
    public let listPosition: Int?
    public let age: Int?
    public let gender: String?
    public let extra: [String: String]

    init(_ candidate: Candidate, ballotIndex: Int, areaIndex: Int, partyIndex: Int?) {
        givenNames = candidate.givenNames
        surname = candidate.surname
        self.ballotIndex = Int32(ballotIndex)
        self.areaIndex = Int32(areaIndex)
        self.partyIndex = partyIndex.map(Int32.init)
        listPosition = candidate.listPosition
        age = candidate.age
        gender = candidate.gender
        extra = candidate.extra
    }

    public var fullName: String {
        givenNames.isEmpty ? surname : surname.isEmpty ? givenNames : givenNames + " " + surname
    }
}
