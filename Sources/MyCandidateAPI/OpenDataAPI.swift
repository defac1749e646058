import Foundation
import MyCandidateCache
import MyCandidateDomain

/// The open data API over the published snapshot. The handlers implement the protocol that
/// swift-openapi-generator makes from `openapi.json`, so they cannot drift from the contract.
struct OpenDataAPI: APIProtocol {
    let store: SnapshotStore
    /// The ballot whose areas `/wards/{ward_id}/candidates` looks up.
    let wardBallot: String

    /// Query parameters the contract types as integers, so a 400 can name the one at fault.
    static let integerQueryParameters: Set<String> = ["limit"]

    func listBallots(_ input: Operations.ListBallots.Input) async throws -> Operations.ListBallots.Output {
        guard let snapshot = store.snapshot else { return .notFound(Problems.nothingPublished) }
        let ballots = snapshot.ballots.map { ballot in
            Components.Schemas.Ballot(
                key: ballot.key, title: ballot.title, kind: .init(ballot.kind), areaLevel: ballot.areaLevel,
                areas: snapshot.areas(of: ballot.key).count, candidates: snapshot.candidateCount(onBallot: ballot.key)
            )
        }
        return .ok(.init(body: .json(.init(ballots: ballots))))
    }

    func listAreas(_ input: Operations.ListAreas.Input) async throws -> Operations.ListAreas.Output {
        guard let snapshot = store.snapshot else { return .notFound(Problems.nothingPublished) }
        guard let ballot = snapshot.ballot(input.path.ballot) else { return .notFound(Problems.unknownBallot(input.path.ballot)) }
        let paging: Paging
        do { paging = try Paging(limit: input.query.limit, cursor: input.query.cursor, query: input.query.q) } catch {
            return .badRequest(error.problem)
        }
        var areas: [Area]
        if let q = input.query.q, !q.isEmpty {
            // Start from the few matches rather than from every area of the ballot, and put
            // them in the ballot's own order so paging matches the unfiltered list.
            areas = snapshot.search.search(q, limit: Int.max).map(\.area)
                .filter { snapshot.listing(ballot: ballot.key, area: $0.id) != nil }
                .sorted(by: Snapshot.displayOrder)
        } else {
            areas = snapshot.areas(of: ballot.key)
        }
        if let parent = input.query.parent { areas = areas.filter { $0.parentID == parent } }
        let page = areas.dropFirst(paging.start).prefix(paging.limit)
        let next = paging.start + page.count < areas.count ? Cursor.make(offset: paging.start + page.count) : nil
        return .ok(.init(body: .json(.init(areas: page.map(Components.Schemas.Area.init), nextCursor: next))))
    }

    func getAreaListing(_ input: Operations.GetAreaListing.Input) async throws -> Operations.GetAreaListing.Output {
        guard let snapshot = store.snapshot else { return .notFound(Problems.nothingPublished) }
        guard let ballot = snapshot.ballot(input.path.ballot) else { return .notFound(Problems.unknownBallot(input.path.ballot)) }
        guard let area = snapshot.area(input.path.area), let listing = snapshot.listing(ballot: ballot.key, area: area.id) else {
            return .notFound(Problems.unknownArea(input.path.area, ballot: ballot.key))
        }
        func candidate(_ index: Int, withParty: Bool) -> Components.Schemas.Candidate {
            Components.Schemas.Candidate(snapshot.candidates[index], party: withParty ? snapshot.party(at: snapshot.candidates[index].partyIndex) : nil)
        }
        var body = Components.Schemas.AreaListing(
            ballot: ballot.key, area: .init(area), kind: .init(ballot.kind), candidateCount: listing.allMembers.count
        )
        switch listing {
        case .partyList(let groups):
            body.parties = groups.map { group in
                Components.Schemas.PartyGroup(
                    party: group.partyKey.flatMap(snapshot.party).map(Components.Schemas.Party.init),
                    headline: candidate(group.headline, withParty: false),
                    others: group.others.map { candidate($0, withParty: false) }
                )
            }
        case .singleMember(let members):
            body.candidates = members.map { candidate($0, withParty: true) }
        }
        return .ok(.init(body: .json(body)))
    }

    func getCurrentDataset(_ input: Operations.GetCurrentDataset.Input) async throws -> Operations.GetCurrentDataset.Output {
        guard let version = store.snapshot?.version else { return .notFound(Problems.nothingPublished) }
        return .ok(.init(body: .json(.init(
            version: version.id,
            publishedAt: version.publishedAt,
            sources: version.sources.map { .init(file: $0.file, sha256: $0.sha256) },
            counts: .init(
                ballots: version.counts.ballots, areas: version.counts.areas,
                parties: version.counts.parties, candidates: version.counts.candidates
            )
        ))))
    }
}

extension OpenDataAPI {
    func listBallotsForArea(_ input: Operations.ListBallotsForArea.Input) async throws -> Operations.ListBallotsForArea.Output {
        guard let snapshot = store.snapshot else { return .notFound(Problems.nothingPublished) }
        guard let area = snapshot.area(input.path.area) else { return .notFound(Problems.unknownArea(input.path.area)) }
        let ballots = snapshot.ballots(forArea: area.id).compactMap { entry -> Components.Schemas.BallotInArea? in
            guard let ballot = snapshot.ballot(entry.ballotKey), let contested = snapshot.area(entry.areaID) else { return nil }
            return .init(ballot: ballot.key, title: ballot.title, kind: .init(ballot.kind), area: .init(contested))
        }
        return .ok(.init(body: .json(.init(area: .init(area), ballots: ballots))))
    }

    func listParties(_ input: Operations.ListParties.Input) async throws -> Operations.ListParties.Output {
        guard let snapshot = store.snapshot else { return .notFound(Problems.nothingPublished) }
        let parties = snapshot.parties
            .sorted { $0.name.localizedStandardCompare($1.name) == .orderedAscending }
            .map { party in
                Components.Schemas.PartySummary(
                    slug: party.key, name: party.name,
                    abbreviation: party.abbreviation.isEmpty ? nil : party.abbreviation,
                    code: party.code.isEmpty ? nil : party.code,
                    candidates: snapshot.candidateCount(ofParty: party.key)
                )
            }
        return .ok(.init(body: .json(.init(parties: parties))))
    }

    func getParty(_ input: Operations.GetParty.Input) async throws -> Operations.GetParty.Output {
        guard let snapshot = store.snapshot else { return .notFound(Problems.nothingPublished) }
        guard let party = snapshot.party(input.path.party) else { return .notFound(Problems.unknownParty(input.path.party)) }
        return .ok(.init(body: .json(.init(
            party: .init(party),
            candidates: snapshot.candidateCount(ofParty: party.key),
            standings: snapshot.standings(ofParty: party.key).map { .init(ballot: $0.ballot.key, area: .init($0.area), candidates: $0.count) }
        ))))
    }
}
