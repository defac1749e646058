import Foundation
import MyCandidateCache
import MyCandidateDomain

/// View model of the `searchForm` partial: the area search form, which the typeahead script
/// enhances. A page shows it with `{{#page.searchForm}}{{>searchForm}}{{/page.searchForm}}`.
struct SearchForm: Encodable, Sendable {
    var action: String
    var suggestPath: String
    var scriptPath: String
    /// Sent as a hidden field when it is not the default, so results and suggestions keep the
    /// visitor's language.
    var formLanguage: String?
    /// What the box holds when the page loads: the search page's own query.
    var query: String
    var maxLength: Int

    init(_ request: PageRequest, query: String = "") {
        action = (request.embedded ? SiteURL.search.embedded : .search).path
        suggestPath = (request.embedded ? SiteURL.searchSuggest.embedded : .searchSuggest).path
        scriptPath = SearchScript.path
        formLanguage = request.language == .fallback ? nil : request.language.rawValue
        self.query = query
        maxLength = SearchController.maxQueryLength
    }
}

/// One area found, as a suggestion (this is the JSON shape) and as a line of the search page.
struct SearchResult: Encodable, Sendable {
    var id: String
    var name: String
    /// The area's level and the areas enclosing it, innermost first:
    /// "Ward · Lakeside North, Lakeside". Both come from the data, so need no translation.
    var context: String
    /// The all-my-ballots page when a voter there receives several ballots, otherwise the
    /// results of the one ballot, so a voter never lands on a page listing a single section.
    var url: String

    init(_ match: AreaSearch.Match, request: PageRequest) {
        id = match.area.id
        name = match.area.name
        let level = AreaLabel.levelName(match.area.level)
        let levelLabel = level.prefix(1).uppercased() + level.dropFirst()
        context = match.context.isEmpty ? levelLabel : "\(levelLabel) · \(match.context)"
        if match.ballots.count == 1, let only = match.ballots.first {
            url = request.link(.results(ballot: only.ballotKey, area: only.areaID))
        } else {
            url = request.link(.areaBallots(match.area.id))
        }
    }
}

/// The typeahead's answer: `{"query": …, "results": [{"context", "id", "name", "url"}]}`.
struct SearchSuggestions: Encodable, Sendable {
    /// A short list is all a typeahead can show; the search page has the rest.
    static let limit = 8

    /// The query as received, so a client can tell which request an answer belongs to.
    var query: String
    var results: [SearchResult]

    init(query: String, snapshot: Snapshot?, request: PageRequest) {
        self.query = query
        results = (snapshot?.search.search(query, limit: Self.limit) ?? []).map { SearchResult($0, request: request) }
    }
}

/// View model of `/search`: the form and, for a query, the areas it finds.
struct SearchPage: Encodable, Sendable {
    struct Item: Encodable, Sendable {
        var name: String
        var context: String
        var path: String
        /// "2 ballots": how much the link leads to.
        var ballots: String
    }

    /// Enough for any real query; a longer list means the query should be longer.
    static let limit = 50

    var title: String
    var heading: String
    var form: SearchForm
    /// How many areas matched, or why none did; `nil` before anything was asked.
    var summary: String?
    var hasResults: Bool
    var results: [Item]

    init(query: String, snapshot: Snapshot, request: PageRequest) {
        let text = request.text
        heading = text.searchHeading
        form = SearchForm(request, query: query)
        let trimmed = query.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !trimmed.isEmpty else {
            title = text.searchHeading
            summary = nil
            hasResults = false
            results = []
            return
        }
        title = text.format(\.searchResultsTitle, ["query": trimmed])
        // One more than shown tells whether the list was cut.
        let matches = snapshot.search.search(trimmed, limit: Self.limit + 1)
        results = matches.prefix(Self.limit).map { match in
            let result = SearchResult(match, request: request)
            return Item(
                name: result.name,
                context: result.context,
                path: result.url,
                ballots: request.text.count(match.ballots.count, one: \.ballotsOne, other: \.ballotsOther)
            )
        }
        hasResults = !results.isEmpty
        let values = ["count": String(results.count), "query": trimmed]
        summary = switch matches.count {
        case 0: text.format(\.noResults, values)
        case 1: text.format(\.resultsOne, values)
        case ...Self.limit: text.format(\.resultsOther, values)
        default: text.format(\.resultsFirst, values)
        }
    }
}
