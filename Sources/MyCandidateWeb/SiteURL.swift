import Foundation

/// Every page of the site. The same value drives routing (``SiteURL/Route/pattern``) and link
/// generation (``SiteURL/path``), so a link can never point at a route that does not exist.
public enum SiteURL: Equatable, Sendable {
    case home
    /// The no-JavaScript area picker form posts here (as GET) and is redirected to ``results``.
    case pick
    case ballot(String)
    case results(ballot: String, area: String)
    /// Every ballot a voter in the area receives, through the area hierarchy.
    case areaBallots(String)
    case healthz
    /// Every party, with how many candidates it fields.
    case parties
    /// Where one party stands.
    case party(String)
    /// Candidates counted by ballot, party, gender and age, as charts and tables.
    case insights
    /// One party's whole list in one area, for lists too long for the results page.
    case partyList(ballot: String, area: String, party: String)
    /// Which dataset version is live, since when, and what it was made from.
    case about
    /// Areas of every ballot matching `?q=`, by name or code.
    case search
    /// The search form's typeahead: matching areas as JSON.
    case searchSuggest
    /// Minimal-chrome pages partner sites may frame: the pickers, one ballot's results, and
    /// every ballot of an area.
    case embedHome
    case embedResults(ballot: String, area: String)
    case embedAreaBallots(String)
    case embedSearch
    case embedSearchSuggest
    /// The iframe snippet for partners, with a copy button.
    case embedCode
    /// A fingerprinted static file, cacheable for a year.
    case asset(String)

    /// A route pattern with `:name` placeholders, as the router understands it.
    public enum Route: String, CaseIterable, Sendable {
        case home = "/"
        case pick = "/pick"
        case ballot = "/ballots/:ballot"
        case results = "/ballots/:ballot/areas/:area"
        case areaBallots = "/areas/:area"
        case healthz = "/healthz"
        case about = "/about"
        case parties = "/parties"
        case party = "/parties/:party"
        case insights = "/insights"
        case partyList = "/ballots/:ballot/areas/:area/parties/:party"
        case search = "/search"
        case searchSuggest = "/search/suggest"
        case asset = "/static/:file"
        case embedHome = "/embed"
        case embedResults = "/embed/ballots/:ballot/areas/:area"
        case embedAreaBallots = "/embed/areas/:area"
        case embedSearch = "/embed/search"
        case embedSearchSuggest = "/embed/search/suggest"
        case embedCode = "/embed-code"

        public var pattern: String { rawValue }
    }

    public var route: Route {
        switch self {
        case .home: .home
        case .pick: .pick
        case .ballot: .ballot
        case .results: .results
        case .areaBallots: .areaBallots
        case .healthz: .healthz
        case .about: .about
        case .parties: .parties
        case .party: .party
        case .insights: .insights
        case .partyList: .partyList
        case .search: .search
        case .searchSuggest: .searchSuggest
        case .asset: .asset
        case .embedHome: .embedHome
        case .embedResults: .embedResults
        case .embedAreaBallots: .embedAreaBallots
        case .embedSearch: .embedSearch
        case .embedSearchSuggest: .embedSearchSuggest
        case .embedCode: .embedCode
        }
    }

    private var parameters: [String: String] {
        switch self {
        case .home, .pick, .healthz, .about, .parties, .insights, .search, .searchSuggest: [:]
        case .party(let party): ["party": party]
        case .partyList(let ballot, let area, let party): ["ballot": ballot, "area": area, "party": party]
        case .ballot(let ballot): ["ballot": ballot]
        case .results(let ballot, let area): ["ballot": ballot, "area": area]
        case .asset(let file): ["file": file]
        case .embedHome, .embedCode, .embedSearch, .embedSearchSuggest: [:]
        case .embedResults(let ballot, let area): ["ballot": ballot, "area": area]
        case .embedAreaBallots(let area): ["area": area]
        case .areaBallots(let area): ["area": area]
        }
    }

    /// The path of this page, with parameter values percent-encoded.
    public var path: String {
        let segments = route.pattern.split(separator: "/", omittingEmptySubsequences: true).map { segment in
            guard segment.hasPrefix(":") else { return String(segment) }
            let value = parameters[String(segment.dropFirst())] ?? ""
            return value.addingPercentEncoding(withAllowedCharacters: .urlPathSegmentAllowed) ?? value
        }
        return "/" + segments.joined(separator: "/")
    }
}

extension CharacterSet {
    /// Unreserved characters: safe inside one path segment.
    static let urlPathSegmentAllowed = CharacterSet(
        charactersIn: "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-._~"
    )
}

extension SiteURL {
    /// The embed version of this page where there is one; other pages open in the partner's
    /// window (embed pages set `<base target="_top">`), since only embed pages may be framed.
    var embedded: SiteURL {
        switch self {
        case .home: .embedHome
        case .results(let ballot, let area): .embedResults(ballot: ballot, area: area)
        case .areaBallots(let area): .embedAreaBallots(area)
        case .search: .embedSearch
        case .searchSuggest: .embedSearchSuggest
        default: self
        }
    }

    /// Whether partner sites may frame this path.
    static func isEmbeddable(path: String) -> Bool {
        path == Route.embedHome.pattern || path.hasPrefix(Route.embedHome.pattern + "/")
    }
}
