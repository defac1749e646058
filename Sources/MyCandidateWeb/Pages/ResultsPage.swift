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
    var allBallotsPath: String?

    init(ballot: Ballot, area: Area, listing: AreaListing, snapshot: Snapshot) {
        ballotTitle = ballot.title
        ballotPath = SiteURL.ballot(ballot.key).path
        areaName = area.name
        trail = snapshot.ancestors(of: area.id).map { TrailItem(name: $0.name) }
        explainer = ballot.explainer.nonEmpty
        self.listing = ListingView(listing, snapshot: snapshot)
        allBallotsPath = snapshot.ballots(forArea: area.id).count > 1 ? SiteURL.areaBallots(area.id).path : nil
    }
}
