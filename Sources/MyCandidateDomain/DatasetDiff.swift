/// What publishing one dataset in place of another would change, for people to check before
/// they publish: ballots and parties that come or go, and per ballot and area, the candidates
/// added, removed or changed.
///
/// A candidate is the same person in both when the ballot, the area and the name (ignoring
/// case) match; they are "changed" when their party, list position, age or gender differ.
public struct DatasetDiff: Sendable, Equatable, Encodable {
    /// One area of one ballot whose candidates differ.
    public struct AreaChanges: Sendable, Equatable, Encodable {
        public var ballot: String
        public var area: String
        public var areaName: String
        public var added: [String]
        public var removed: [String]
        /// "Name: what changed".
        public var changed: [String]

        public init(ballot: String, area: String, areaName: String, added: [String], removed: [String], changed: [String]) {
            self.ballot = ballot
            self.area = area
            self.areaName = areaName
            self.added = added
            self.removed = removed
            self.changed = changed
        }
    }

    public var ballotsAdded: [String] = []
    public var ballotsRemoved: [String] = []
    public var partiesAdded: [String] = []
    public var partiesRemoved: [String] = []
    public var areas: [AreaChanges] = []

    /// No changes at all.
    public init() {}

    public var isEmpty: Bool {
        ballotsAdded.isEmpty && ballotsRemoved.isEmpty && partiesAdded.isEmpty && partiesRemoved.isEmpty && areas.isEmpty
    }

    public var counts: (added: Int, removed: Int, changed: Int) {
        areas.reduce((0, 0, 0)) { ($0.0 + $1.added.count, $0.1 + $1.removed.count, $0.2 + $1.changed.count) }
    }

    /// The changes from `old` to `new`, areas in ballot order then by name.
    public static func between(_ old: Dataset, _ new: Dataset) -> DatasetDiff {
        var diff = DatasetDiff()
        let oldBallots = Set(old.ballots.map(\.key)), newBallots = Set(new.ballots.map(\.key))
        diff.ballotsAdded = new.ballots.map(\.key).filter { !oldBallots.contains($0) }
        diff.ballotsRemoved = old.ballots.map(\.key).filter { !newBallots.contains($0) }
        let oldParties = Set(old.parties.map(\.key)), newParties = Set(new.parties.map(\.key))
        diff.partiesAdded = new.parties.filter { !oldParties.contains($0.key) }.map(\.name)
        diff.partiesRemoved = old.parties.filter { !newParties.contains($0.key) }.map(\.name)

        let before = Dictionary(grouping: old.candidates) { Place(ballot: $0.ballotKey, area: $0.areaID) }
        let after = Dictionary(grouping: new.candidates) { Place(ballot: $0.ballotKey, area: $0.areaID) }
        let partyNames = Dictionary((old.parties + new.parties).map { ($0.key, $0.name) }, uniquingKeysWith: { _, latest in latest })
        let areaNames = Dictionary((old.areas + new.areas).map { ($0.id, $0.name) }, uniquingKeysWith: { _, latest in latest })
        let ballotOrder = Dictionary((new.ballots + old.ballots).enumerated().map { ($1.key, $0) }, uniquingKeysWith: { first, _ in first })
        let places = Set(before.keys).union(after.keys).sorted { a, b in
            let (x, y) = (ballotOrder[a.ballot] ?? .max, ballotOrder[b.ballot] ?? .max)
            if x != y { return x < y }
            let (m, n) = (areaNames[a.area] ?? a.area, areaNames[b.area] ?? b.area)
            return m != n ? m < n : a.area < b.area
        }
        for place in places {
            let changes = compare(before[place] ?? [], after[place] ?? [], partyNames: partyNames)
            guard !(changes.added.isEmpty && changes.removed.isEmpty && changes.changed.isEmpty) else { continue }
            diff.areas.append(AreaChanges(
                ballot: place.ballot, area: place.area, areaName: areaNames[place.area] ?? place.area,
                added: changes.added, removed: changes.removed, changed: changes.changed
            ))
        }
        return diff
    }

    private struct Place: Hashable {
        var ballot: String
        var area: String
    }

    private static func compare(
        _ old: [Candidate], _ new: [Candidate], partyNames: [String: String]
    ) -> (added: [String], removed: [String], changed: [String]) {
        var unmatched = Dictionary(grouping: old) { $0.fullName.lowercased() }
        var added: [String] = [], changed: [String] = []
        for candidate in new {
            let key = candidate.fullName.lowercased()
            guard var namesakes = unmatched[key], !namesakes.isEmpty else {
                added.append(candidate.fullName)
                continue
            }
            let previous = namesakes.removeFirst()
            unmatched[key] = namesakes
            let differences = describe(from: previous, to: candidate, partyNames: partyNames)
            if !differences.isEmpty { changed.append("\(candidate.fullName): \(differences.joined(separator: ", "))") }
        }
        let removed = old.filter { candidate in
            // Whoever is left unmatched, in source order.
            guard var namesakes = unmatched[candidate.fullName.lowercased()], !namesakes.isEmpty else { return false }
            namesakes.removeFirst()
            unmatched[candidate.fullName.lowercased()] = namesakes
            return true
        }.map(\.fullName)
        return (added, removed, changed)
    }

    private static func describe(from old: Candidate, to new: Candidate, partyNames: [String: String]) -> [String] {
        func party(_ key: String?) -> String { key.map { partyNames[$0] ?? $0 } ?? "independent" }
        func text(_ value: Int?) -> String { value.map(String.init) ?? "none" }
        var differences: [String] = []
        if old.partyKey != new.partyKey { differences.append("party \(party(old.partyKey)) → \(party(new.partyKey))") }
        if old.listPosition != new.listPosition { differences.append("list position \(text(old.listPosition)) → \(text(new.listPosition))") }
        if old.age != new.age { differences.append("age \(text(old.age)) → \(text(new.age))") }
        if old.gender != new.gender { differences.append("gender \(old.gender ?? "none") → \(new.gender ?? "none")") }
        return differences
    }
}
