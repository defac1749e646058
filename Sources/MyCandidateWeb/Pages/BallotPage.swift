import MyCandidateCache
import MyCandidateDomain

/// View model of a ballot's area list.
struct BallotPage: Encodable, Sendable {
    struct AreaLink: Encodable, Sendable {
        var path: String
        var label: String
    }

    var title: String
    var explainer: String?
    var levelName: String
    var areas: [AreaLink]

    init(ballot: Ballot, snapshot: Snapshot) {
        title = ballot.title
        explainer = ballot.explainer.nonEmpty
        levelName = AreaLabel.levelName(ballot.areaLevel)
        areas = snapshot.areas(of: ballot.key).map {
            AreaLink(path: SiteURL.results(ballot: ballot.key, area: $0.id).path, label: AreaLabel.label($0, in: snapshot))
        }
    }
}
