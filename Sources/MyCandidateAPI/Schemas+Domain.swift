import MyCandidateCache
import MyCandidateDomain

// How domain values appear in the API's generated schema types.

extension Components.Schemas.BallotKind {
    init(_ kind: MyCandidateDomain.BallotKind) {
        self = kind == .partyList ? .partyList : .singleMember
    }
}

extension Components.Schemas.Area {
    init(_ area: Area) {
        self.init(id: area.id, code: area.code, name: area.name, level: area.level, parent: area.parentID)
    }
}

extension Components.Schemas.Party {
    init(_ party: Party) {
        self.init(
            slug: party.key, name: party.name,
            abbreviation: party.abbreviation.isEmpty ? nil : party.abbreviation,
            code: party.code.isEmpty ? nil : party.code
        )
    }
}

extension Components.Schemas.Candidate {
    init(_ entry: CandidateEntry, party: Party?) {
        self.init(
            givenNames: entry.givenNames, surname: entry.surname, fullName: entry.fullName,
            listPosition: entry.listPosition, age: entry.age, gender: entry.gender,
            party: party.map(Components.Schemas.Party.init)
        )
    }
}
