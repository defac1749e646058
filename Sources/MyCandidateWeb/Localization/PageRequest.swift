import Hummingbird
import MyCandidateCache

/// What a page is rendered for: the snapshot, the visitor's language and the path asked for.
struct PageRequest: Sendable {
    let snapshot: Snapshot?
    let language: Language
    /// The request's path without query, for the language switcher's links.
    let path: String
    /// The request's query without `lang`, so switching language keeps a search's `q`.
    let otherQuery: String
    /// Where candidate names link to (`{name}` filled in), or `nil` for plain names.
    var candidateLink: String?
    /// Rendering for a partner's iframe: links to pages that have an embed version stay in it.
    var embedded = false

    init(snapshot: Snapshot?, language: Language, path: String, otherQuery: String = "") {
        self.snapshot = snapshot
        self.language = language
        self.path = path
        self.otherQuery = otherQuery
    }

    init(_ request: Request, snapshot: Snapshot?) {
        // Most requests have no query: then there are no parameters to parse and nothing to keep.
        let query = request.uri.query ?? ""
        self.init(
            snapshot: snapshot,
            language: Language.resolve(
                query: query.isEmpty ? nil : request.uri.queryParameters.get("lang"),
                acceptLanguage: request.headers[.acceptLanguage]
            ),
            path: request.uri.path,
            otherQuery: query.isEmpty ? "" : query.split(separator: "&").filter { !$0.hasPrefix("lang=") }.joined(separator: "&")
        )
    }

    /// The same request as the full site sees it, for links out of an embed.
    var fullSite: PageRequest {
        var request = self
        request.embedded = false
        return request
    }

    /// This page in another language.
    func switching(to language: Language) -> String {
        path + "?" + (otherQuery.isEmpty ? "" : otherQuery + "&") + "lang=" + language.rawValue
    }

    var text: UIText { language.text }

    /// The configured link for a candidate, with the name percent-encoded into it.
    func link(forCandidate name: String) -> String? {
        guard let candidateLink else { return nil }
        let encoded = name.addingPercentEncoding(withAllowedCharacters: .urlPathSegmentAllowed) ?? name
        return candidateLink.replacingOccurrences(of: "{name}", with: encoded)
    }

    /// A link that keeps the visitor's language: English pages link plainly, others carry
    /// `?lang=` so a shared or bookmarked link opens in the same language.
    func link(_ url: SiteURL) -> String {
        let url = embedded ? url.embedded : url
        return language == .fallback ? url.path : url.path + "?lang=" + language.rawValue
    }
}
