import Foundation

/// One party's candidates in one area, in display order: the headline candidate first.
///
/// Members are indices into the candidate array the grouping was computed from, so a snapshot
/// can keep every candidate once and still hand out ready-made groups.
public struct CandidateGroup: Sendable, Equatable {
    /// The party's key; `nil` for an independent candidate, who forms a group of one.
    public var partyKey: String?
    /// Candidate indices: the headline (lowest list position, first in source order on a tie),
    /// then the rest in list order.
    public var members: [Int]

    public init(partyKey: String?, members: [Int]) {
        self.partyKey = partyKey
        self.members = members
    }

    public var headline: Int { members[0] }
    public var others: ArraySlice<Int> { members.dropFirst() }
}

/// What a voter sees for one ballot in one area.
public enum AreaListing: Sendable, Equatable {
    /// Parties in display order, each with its list.
    case partyList([CandidateGroup])
    /// Candidates in ballot-paper order (by surname, then given names), each shown with their party.
    case singleMember([Int])

    /// Every candidate index in display order.
    public var allMembers: [Int] {
        switch self {
        case .partyList(let groups): groups.flatMap(\.members)
        case .singleMember(let members): members
        }
    }
}

/// The display order rules for candidates, shared by every page and export.
public enum Grouping {
    /// Orders the candidates standing in one area of one ballot.
    ///
    /// - Parameters:
    ///   - members: indices into `candidates` of those standing in the area, in source order.
    ///   - partyNames: party key to display name, for alphabetical ordering.
    public static func listing(
        of members: [Int],
        in candidates: [Candidate],
        ballot: Ballot,
        partyNames: [String: String]
    ) -> AreaListing {
        switch ballot.kind {
        case .singleMember:
            return .singleMember(members.sorted { byName(candidates[$0], candidates[$1], $0, $1) })
        case .partyList:
            return .partyList(partyGroups(of: members, in: candidates, ballot: ballot, partyNames: partyNames))
        }
    }

    private static func partyGroups(
        of members: [Int],
        in candidates: [Candidate],
        ballot: Ballot,
        partyNames: [String: String]
    ) -> [CandidateGroup] {
        var byParty: [String: [Int]] = [:]
        var independents: [Int] = []
        for index in members {
            if let party = candidates[index].partyKey {
                byParty[party, default: []].append(index)
            } else {
                independents.append(index)
            }
        }
        let configured = Dictionary(ballot.partyOrder.enumerated().map { ($1, $0) }, uniquingKeysWith: { first, _ in first })
        let partyKeys = byParty.keys.sorted { a, b in
            switch (configured[a], configured[b]) {
            case let (x?, y?): return x < y
            case (_?, nil): return true
            case (nil, _?): return false
            case (nil, nil):
                let nameA = partyNames[a] ?? a, nameB = partyNames[b] ?? b
                let order = nameA.compare(nameB, options: [.caseInsensitive, .diacriticInsensitive])
                return order == .orderedSame ? a < b : order == .orderedAscending
            }
        }
        var groups = partyKeys.map { key in
            // Sorting the source-ordered indices stably by position keeps the first of several
            // candidates sharing a position ahead of the others, as the lists intend.
            let ordered = byParty[key]!.enumerated().sorted { lhs, rhs in
                let a = candidates[lhs.element].listPosition ?? Int.max
                let b = candidates[rhs.element].listPosition ?? Int.max
                return a != b ? a < b : lhs.offset < rhs.offset
            }.map(\.element)
            return CandidateGroup(partyKey: key, members: ordered)
        }
        groups += independents
            .sorted { byName(candidates[$0], candidates[$1], $0, $1) }
            .map { CandidateGroup(partyKey: nil, members: [$0]) }
        return groups
    }

    private static func byName(_ a: Candidate, _ b: Candidate, _ indexA: Int, _ indexB: Int) -> Bool {
        let surname = a.surname.compare(b.surname, options: [.caseInsensitive, .diacriticInsensitive])
        if surname != .orderedSame { return surname == .orderedAscending }
        let given = a.givenNames.compare(b.givenNames, options: [.caseInsensitive, .diacriticInsensitive])
        if given != .orderedSame { return given == .orderedAscending }
        return indexA < indexB
    }
}
