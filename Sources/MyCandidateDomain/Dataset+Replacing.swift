/// Replacing some ballots of a dataset, as a CSV import of one ballot does.
extension Dataset {
    /// A dataset with every ballot of `update` put in place of (or added to) this one's, and
    /// everything else kept: the site settings, the other ballots and their candidates.
    ///
    /// Areas and parties are merged by identifier, `update` winning, and those no longer used by
    /// any candidate or as an enclosing area are dropped.
    ///
    /// - Throws: ``DatasetMergeError`` when an area id means a different place in the two datasets.
    public func replacingBallots(with update: Dataset) throws(DatasetMergeError) -> Dataset {
        let replaced = Set(update.ballots.map(\.key))
        var ballots = self.ballots.filter { !replaced.contains($0.key) }
        let nextPosition = (ballots.map(\.position).max() ?? -1) + 1
        for (offset, ballot) in update.ballots.enumerated() {
            var ballot = ballot
            ballot.position = self.ballots.first(where: { $0.key == ballot.key })?.position ?? nextPosition + offset
            ballots.append(ballot)
        }
        ballots.sort { $0.position < $1.position }

        var areas = Dictionary(self.areas.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        for area in update.areas {
            if let existing = areas[area.id], existing.level != area.level || existing.code != area.code {
                throw DatasetMergeError(areaID: area.id, existing: existing, incoming: area)
            }
            areas[area.id] = area
        }
        var parties = Dictionary(self.parties.map { ($0.key, $0) }, uniquingKeysWith: { first, _ in first })
        for party in update.parties { parties[party.key] = party }

        let candidates = self.candidates.filter { !replaced.contains($0.ballotKey) } + update.candidates
        var usedAreas = Set<String>()
        for id in Set(candidates.map(\.areaID)) {
            var current: String? = id
            while let areaID = current, usedAreas.insert(areaID).inserted {
                current = areas[areaID]?.parentID
            }
        }
        let usedParties = Set(candidates.compactMap(\.partyKey))
        let keptAreas = (self.areas + update.areas).map(\.id).uniqued().filter(usedAreas.contains).compactMap { areas[$0] }
        let keptParties = (self.parties + update.parties).map(\.key).uniqued().filter(usedParties.contains).compactMap { parties[$0] }
        return Dataset(site: site, ballots: ballots, areas: keptAreas, parties: keptParties, candidates: candidates)
    }
}

/// Two datasets disagree about what an area id means.
public struct DatasetMergeError: Error, Equatable, CustomStringConvertible {
    public var areaID: String
    public var existing: Area
    public var incoming: Area

    public var description: String {
        "area id \(areaID) is \(existing.level) \(existing.code) in the published dataset but \(incoming.level) \(incoming.code) in the import"
    }
}

extension Array where Element: Hashable {
    /// The elements in order, each once.
    func uniqued() -> [Element] {
        var seen = Set<Element>()
        return filter { seen.insert($0).inserted }
    }
}
