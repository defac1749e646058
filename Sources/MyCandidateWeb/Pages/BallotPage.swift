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
    /// "Choose your ward:", in the visitor's language.
    var prompt: String
    var areas: [AreaLink]

    init(ballot: Ballot, snapshot: Snapshot, request: PageRequest) {
        title = ballot.title
        explainer = ballot.explainer.nonEmpty
        prompt = request.text.format(\.chooseYourLevel, ["level": AreaLabel.levelName(ballot.areaLevel)])
        areas = snapshot.areas(of: ballot.key).map {
            AreaLink(path: request.link(.results(ballot: ballot.key, area: $0.id)), label: AreaLabel.label($0, in: snapshot))
        }
    }
}
