import Foundation
import HTTPTypes
import Hummingbird
import MyCandidateCache

/// Finding an area by name or code: the search page and the typeahead's suggestions, both
/// answered from the snapshot's ``AreaSearch``.
struct SearchController: Sendable {
    let store: SnapshotStore
    let views: Views
    /// Answers to the queries asked most, for the served version.
    let cache: QueryCache

    /// Longer than any area name; a longer query is a mistake or abuse, and is refused before
    /// any work is done.
    static let maxQueryLength = 100
    /// Suggestions change only with the dataset, so browsers and the CDN may reuse them for a
    /// minute; the same query typed again costs nothing.
    static let suggestCacheControl = "public, max-age=60"

    func addRoutes(to router: Router<some RequestContext>) {
        router.get(RouterPath(SiteURL.Route.search.pattern)) { request, _ in try search(request) }
        router.get(RouterPath(SiteURL.Route.searchSuggest.pattern)) { request, _ in try suggest(request) }
        // In an embed, the same search answers with links that stay in the frame.
        router.get(RouterPath(SiteURL.Route.embedSearch.pattern)) { request, _ in try search(request) }
        router.get(RouterPath(SiteURL.Route.embedSearchSuggest.pattern)) { request, _ in try suggest(request) }
    }

    /// The search page's fields, made (and checked) once rather than on every answer.
    static let searchHeaders = SiteController.headers([
        HTTPField(name: .contentType, value: "text/html; charset=utf-8"),
        HTTPField(name: .cacheControl, value: SiteController.htmlCacheControl),
        // Without `?lang=` the language comes from Accept-Language, so caches must key on it.
        HTTPField(name: .vary, value: "Accept-Language"),
    ])

    /// The suggestions' fields; their links carry the language, which may come from
    /// Accept-Language.
    static let suggestHeaders = SiteController.headers([
        HTTPField(name: .contentType, value: "application/json; charset=utf-8"),
        HTTPField(name: .cacheControl, value: suggestCacheControl),
        HTTPField(name: .vary, value: "Accept-Language"),
    ])

    /// The results page, or just the form when nothing was asked. Rendering one costs several
    /// times what a cached page does (bench/results/latest.md), and on a busy day many visitors
    /// ask for the same few place names, so answers are kept in ``cache``. Not in the page
    /// cache: queries are endless and must not crowd out the pages.
    func search(_ request: Request) throws -> Response {
        guard let snapshot = store.snapshot else { throw PageError.nothingPublished }
        var page = PageRequest(request, snapshot: snapshot)
        page.embedded = SiteURL.isEmbeddable(path: request.uri.path)
        let query = try Self.query(request, page)
        let body = cache.body(for: Self.cacheKey(request, page), version: snapshot.version.id) {
            views.html(.search, SearchPage(query: query, snapshot: snapshot, request: page), request: page)
        }
        return Response(status: .ok, headers: Self.searchHeaders, body: .init(byteBuffer: body))
    }

    /// The typeahead's suggestions as JSON; none while nothing is published. Every visitor who
    /// types a name asks for its first letters, so these repeat most of all.
    func suggest(_ request: Request) throws -> Response {
        let snapshot = store.snapshot
        var page = PageRequest(request, snapshot: snapshot)
        page.embedded = SiteURL.isEmbeddable(path: request.uri.path)
        let query = try Self.query(request, page)
        let body = try cache.body(for: Self.cacheKey(request, page), version: snapshot?.version.id) {
            ByteBuffer(bytes: try Self.json(SearchSuggestions(query: query, snapshot: snapshot, request: page)))
        }
        return Response(status: .ok, headers: Self.suggestHeaders, body: .init(byteBuffer: body))
    }

    /// What an answer depends on besides the version: the path (search or suggestions, embedded
    /// or not), the whole query string as sent, and the language, which may have come from
    /// `Accept-Language` rather than the query.
    static func cacheKey(_ request: Request, _ page: PageRequest) -> String {
        request.uri.path + "?" + (request.uri.query ?? "") + "|" + page.language.rawValue
    }

    /// Sorted keys and unescaped slashes: a stable, readable body.
    static func json(_ value: some Encodable) throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return try encoder.encode(value)
    }

    /// The `q` parameter as a form sends it (`+` for a space), or `""` when missing.
    static func query(_ request: Request, _ page: PageRequest) throws -> String {
        let query = formValue("q", in: request.uri.query) ?? ""
        guard query.count <= maxQueryLength else {
            let text = page.text
            throw HTTPError(.badRequest, message: text.format(\.queryTooLong, ["max": String(maxQueryLength)]))
        }
        return query
    }

    /// The first value of `name` in an `application/x-www-form-urlencoded` query string.
    /// Hummingbird's own query parameters leave `+` as it is, and a form sends a space as `+`.
    static func formValue(_ name: String, in query: String?) -> String? {
        guard let query else { return nil }
        for pair in query.split(separator: "&") {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            guard parts.first == Substring(name) else { continue }
            let raw = parts.count > 1 ? String(parts[1].map { $0 == "+" ? " " : $0 }) : ""
            return raw.percentDecoded ?? raw
        }
        return nil
    }
}
