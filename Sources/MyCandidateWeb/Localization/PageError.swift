import Hummingbird

/// Why a page cannot be shown, in terms the error page can say in the visitor's language.
enum PageError: Error, Equatable {
    case nothingPublished
    case noBallot(String)
    case noArea(String)
    case noAreaOnBallot(area: String, ballotTitle: String)
    case noFile(String)
    case noParty(String)
    case noPartyList(party: String, area: String)
    case areaMissing

    var status: HTTPResponse.Status {
        switch self {
        case .areaMissing: .badRequest
        default: .notFound
        }
    }

    func message(_ text: UIText) -> String {
        switch self {
        case .nothingPublished: text.nothingPublished
        case .noBallot(let key): text.format(\.noSuchBallot, ["ballot": key])
        case .noArea(let id): text.format(\.noSuchArea, ["area": id])
        case .noAreaOnBallot(let id, let title): text.format(\.noSuchAreaOnBallot, ["area": id, "ballot": title])
        case .noFile(let file): text.format(\.noSuchFile, ["file": file])
        case .noParty(let key): text.format(\.noSuchParty, ["party": key])
        case .noPartyList(let party, let area): text.format(\.noSuchPartyList, ["party": party, "area": area])
        case .areaMissing: text.areaMissing
        }
    }
}
