import MyCandidateCache
import MyCandidateDomain

/// View model of the candidates standing on one ballot in one area.
struct ResultsPage: Encodable, Sendable {
    struct TrailItem: Encodable, Sendable {
        var name: String
    }

    var ballotTitle: String
    var ballotPath: String
    var areaName: String
    var trail: [TrailItem]
    var explainer: String?
    var listing: ListingView
    /// Offered when a voter here receives other ballots too.
    var allBallots: AllBallotsLink?

    struct AllBallotsLink: Encodable, Sendable {
        var path: String
        var label: String
    }

    init(ballot: Ballot, area: Area, listing: AreaListing, snapshot: Snapshot, request: PageRequest) {
        ballotTitle = ballot.title
        ballotPath = request.link(.ballot(ballot.key))
        areaName = area.name
        trail = snapshot.ancestors(of: area.id).map { TrailItem(name: $0.name) }
        explainer = ballot.explainer.nonEmpty
        self.listing = ListingView(listing, ballot: ballot.key, area: area.id, snapshot: snapshot, request: request)
        allBallots = snapshot.ballots(forArea: area.id).count > 1
            ? AllBallotsLink(
                path: request.link(.areaBallots(area.id)),
                label: request.text.format(\.everyBallotForVoterIn, ["area": area.name])
            )
            : nil
    }
}
