import Foundation
import MyCandidateCache
import MyCandidateDomain

extension OpenDataAPI {
    func searchCandidates(_ input: Operations.SearchCandidates.Input) async throws -> Operations.SearchCandidates.Output {
        guard let snapshot = store.snapshot else { return .notFound(Problems.nothingPublished) }
        let paging: Paging
        do { paging = try Paging(limit: input.query.limit, cursor: input.query.cursor, query: input.query.q) } catch {
            return .badRequest(error.problem)
        }
        var ballotIndex: Int32?
        if let key = input.query.ballot {
            guard let index = snapshot.index(ofBallot: key) else { return .notFound(Problems.unknownBallot(key)) }
            ballotIndex = index
        }
        var partyIndex: Int32?
        if let slug = input.query.party {
            guard let index = snapshot.index(ofParty: slug) else { return .notFound(Problems.unknownParty(slug)) }
            partyIndex = index
        }
        let query = input.query.q.flatMap { $0.isEmpty ? nil : $0 }
        let page = snapshot.candidateSearch.page(matching: query, from: paging.start, limit: paging.limit) { index in
            let candidate = snapshot.candidates[index]
            return (ballotIndex == nil || candidate.ballotIndex == ballotIndex)
                && (partyIndex == nil || candidate.partyIndex == partyIndex)
        }
        let candidates = page.candidates.map { index in
            let candidate = snapshot.candidates[index]
            return Components.Schemas.CandidateResult(
                ballot: snapshot.ballot(of: candidate).key, area: .init(snapshot.area(of: candidate)),
                givenNames: candidate.givenNames, surname: candidate.surname, fullName: candidate.fullName,
                listPosition: candidate.listPosition, age: candidate.age, gender: candidate.gender,
                party: snapshot.party(at: candidate.partyIndex).map(Components.Schemas.Party.init)
            )
        }
        return .ok(.init(body: .json(.init(candidates: candidates, nextCursor: page.next.map(Cursor.make)))))
    }

    /// The older ward endpoint's shape: its clients read `full_names` and `orderno` and expect
    /// `{"error": "Ward not found"}` rather than a problem document.
    func listWardCandidates(_ input: Operations.ListWardCandidates.Input) async throws -> Operations.ListWardCandidates.Output {
        let wardID = input.path.wardId
        let notFound = Operations.ListWardCandidates.Output.notFound(.init(body: .json(.init(error: .wardNotFound, wardId: wardID))))
        guard let snapshot = store.snapshot, let ward = Self.ward(wardID, in: snapshot, ballot: wardBallot),
              let listing = snapshot.listing(ballot: wardBallot, area: ward.id) else { return notFound }
        let members = listing.allMembers.map { (index: $0, candidate: snapshot.candidates[$0]) }
        let partyNames = members.map { snapshot.party(at: $0.candidate.partyIndex)?.name }
        // By party name (independents last), then list position, then the ballot paper's order.
        let sorted = members.indices.sorted { a, b in
            switch (partyNames[a], partyNames[b]) {
            case let (x?, y?) where x != y: return x.localizedStandardCompare(y) == .orderedAscending
            case (nil, _?): return false
            case (_?, nil): return true
            default: break
            }
            let (x, y) = (members[a].candidate.listPosition ?? .max, members[b].candidate.listPosition ?? .max)
            return x != y ? x < y : a < b
        }
        let candidates = sorted.map { position in
            let candidate = members[position].candidate
            return Components.Schemas.WardCandidate(
                fullNames: candidate.givenNames, surname: candidate.surname, party: partyNames[position],
                age: candidate.age, gender: candidate.gender, orderno: candidate.listPosition
            )
        }
        return .ok(.init(body: .json(.init(ward: ward.code, count: candidates.count, candidates: candidates))))
    }

    /// A ward of `ballot` by area id, or else by its code.
    static func ward(_ id: String, in snapshot: Snapshot, ballot: String) -> Area? {
        if let area = snapshot.area(id), snapshot.listing(ballot: ballot, area: area.id) != nil { return area }
        return snapshot.areas(of: ballot).first { $0.code == id }
    }
}
