/// A complete, self-consistent candidate list for one site: what one import produces, what one
/// dataset version stores and what the read snapshot is built from.
public struct Dataset: Sendable, Equatable {
    public var site: SiteSettings
    public var ballots: [Ballot]
    public var areas: [Area]
    public var parties: [Party]
    public var candidates: [Candidate]

    public init(site: SiteSettings, ballots: [Ballot], areas: [Area], parties: [Party], candidates: [Candidate]) {
        self.site = site
        self.ballots = ballots
        self.areas = areas
        self.parties = parties
        self.candidates = candidates
    }

    public var counts: DatasetCounts {
        DatasetCounts(ballots: ballots.count, areas: areas.count, parties: parties.count, candidates: candidates.count)
    }

    /// Checks the references between the parts: every candidate's ballot, area and party exists,
    /// every area's parent exists and keys are unique. Returns a description of each problem.
    public func integrityProblems() -> [String] {
        var problems: [String] = []
        func duplicates(_ keys: [String]) -> [String] {
            var seen = Set<String>()
            return keys.filter { !seen.insert($0).inserted }
        }
        for key in duplicates(ballots.map(\.key)) { problems.append("duplicate ballot key \(key)") }
        for id in duplicates(areas.map(\.id)) { problems.append("duplicate area id \(id)") }
        for key in duplicates(parties.map(\.key)) { problems.append("duplicate party key \(key)") }
        let ballotKeys = Set(ballots.map(\.key))
        let areaIDs = Set(areas.map(\.id))
        let partyKeys = Set(parties.map(\.key))
        for area in areas {
            if let parent = area.parentID, !areaIDs.contains(parent) {
                problems.append("area \(area.id) has unknown parent \(parent)")
            }
        }
        for (index, candidate) in candidates.enumerated() {
            if !ballotKeys.contains(candidate.ballotKey) {
                problems.append("candidate \(index) has unknown ballot \(candidate.ballotKey)")
            }
            if !areaIDs.contains(candidate.areaID) {
                problems.append("candidate \(index) has unknown area \(candidate.areaID)")
            }
            if let party = candidate.partyKey, !partyKeys.contains(party) {
                problems.append("candidate \(index) has unknown party \(party)")
            }
        }
        return problems
    }
}

/// How many of each thing a dataset holds.
public struct DatasetCounts: Codable, Sendable, Equatable {
    public var ballots: Int
    public var areas: Int
    public var parties: Int
    public var candidates: Int

    public init(ballots: Int, areas: Int, parties: Int, candidates: Int) {
        self.ballots = ballots
        self.areas = areas
        self.parties = parties
        self.candidates = candidates
    }
}

/// A file a dataset was imported from, identified by its content hash.
public struct SourceFile: Codable, Sendable, Equatable {
    public var file: String
    public var sha256: String

    public init(file: String, sha256: String) {
        self.file = file
        self.sha256 = sha256
    }
}
