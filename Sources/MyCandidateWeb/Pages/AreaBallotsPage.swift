import MyCandidateCache
import MyCandidateDomain

/// View model of every ballot a voter in one area receives.
struct AreaBallotsPage: Encodable, Sendable {
    struct Section: Encodable, Sendable {
        var ballotTitle: String
        var resultsPath: String
        /// The area the ballot is contested in, when it is wider than the voter's own.
        var areaName: String
        var isWider: Bool
        var explainer: String?
        var listing: ListingView
    }

    var areaName: String
    var heading: String
    var title: String
    var trail: [ResultsPage.TrailItem]
    var summary: String
    var sections: [Section]

    init(area: Area, snapshot: Snapshot, request: PageRequest) {
        let text = request.text
        areaName = area.name
        heading = text.format(\.everyBallotIn, ["area": area.name])
        title = text.format(\.allBallotsTitle, ["area": area.name])
        trail = snapshot.ancestors(of: area.id).map { ResultsPage.TrailItem(name: $0.name) }
        sections = snapshot.ballots(forArea: area.id).compactMap { entry in
            guard let ballot = snapshot.ballot(entry.ballotKey), let contested = snapshot.area(entry.areaID),
                  let listing = snapshot.listing(ballot: entry.ballotKey, area: entry.areaID) else { return nil }
            return Section(
                ballotTitle: ballot.title,
                resultsPath: request.link(.results(ballot: ballot.key, area: contested.id)),
                areaName: contested.name,
                isWider: contested.id != area.id,
                explainer: ballot.explainer.nonEmpty,
                listing: ListingView(listing, ballot: ballot.key, area: contested.id, snapshot: snapshot, request: request)
            )
        }
        summary = text.count(sections.count, one: \.ballotsOne, other: \.ballotsOther)
    }
}
