import MyCandidateCache
import MyCandidateDomain

/// View model of the list of every party.
struct PartiesPage: Encodable, Sendable {
    struct Row: Encodable, Sendable {
        var name: String
        var abbreviation: String?
        var path: String
        var candidates: String
    }

    var rows: [Row]

    init(snapshot: Snapshot, request: PageRequest) {
        rows = snapshot.parties
            .sorted { $0.name.localizedStandardCompare($1.name) == .orderedAscending }
            .map { party in
                Row(
                    name: party.name,
                    abbreviation: party.abbreviation.nonEmpty,
                    path: request.link(.party(party.key)),
                    candidates: request.text.count(snapshot.candidateCount(ofParty: party.key), one: \.candidatesOne, other: \.candidatesOther)
                )
            }
    }
}

/// View model of one party's page: where it stands and with how many candidates.
struct PartyPage: Encodable, Sendable {
    struct Row: Encodable, Sendable {
        var ballotTitle: String
        var areaName: String
        var path: String
        var candidates: String
    }

    var name: String
    var abbreviation: String?
    var heading: String
    var summary: String
    var rows: [Row]

    init(party: Party, snapshot: Snapshot, request: PageRequest) {
        let text = request.text
        name = party.name
        abbreviation = party.abbreviation.nonEmpty
        heading = text.format(\.partyStandsIn, ["party": party.name])
        summary = text.count(snapshot.candidateCount(ofParty: party.key), one: \.candidatesOne, other: \.candidatesOther)
        rows = snapshot.standings(ofParty: party.key).map { standing in
            let url: SiteURL = standing.ballot.kind == .partyList
                ? .partyList(ballot: standing.ballot.key, area: standing.area.id, party: party.key)
                : .results(ballot: standing.ballot.key, area: standing.area.id)
            return Row(
                ballotTitle: standing.ballot.title,
                areaName: AreaLabel.label(standing.area, in: snapshot),
                path: request.link(url),
                candidates: text.count(standing.count, one: \.candidatesOne, other: \.candidatesOther)
            )
        }
    }
}

/// View model of one party's whole list in one area.
struct PartyListPage: Encodable, Sendable {
    var title: String
    var ballotTitle: String
    var partyPath: String
    var resultsPath: String
    var backLabel: String
    var candidates: [ListingView.ListedCandidate]

    init(party: Party, ballot: Ballot, area: Area, group: CandidateGroup, snapshot: Snapshot, request: PageRequest) {
        let text = request.text
        title = text.format(\.wholeListTitle, ["party": party.name, "area": area.name])
        ballotTitle = ballot.title
        partyPath = request.link(.party(party.key))
        resultsPath = request.link(.results(ballot: ballot.key, area: area.id))
        backLabel = text.format(\.backToAllParties, ["ballot": ballot.title, "area": area.name])
        candidates = group.members.map { ListingView.listed($0, snapshot: snapshot, request: request) }
    }
}
