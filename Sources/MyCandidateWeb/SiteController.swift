import Foundation
import HTTPTypes
import Hummingbird
import MyCandidateAPI
import MyCandidateCache
import MyCandidateDomain

/// The public pages, all answered from the current snapshot.
struct SiteController: Sendable {
    let store: SnapshotStore
    let views: Views
    let cache: ResponseCache

    /// HTML may be a minute stale at the CDN and in browsers, and served stale for ten more
    /// minutes while it revalidates; the ETag makes revalidation cheap.
    static let htmlCacheControl = "public, max-age=60, stale-while-revalidate=600"
    /// The fields every page answer carries besides its ETag, made (and checked) once.
    static let pageHeaders = headers([
        HTTPField(name: .contentType, value: "text/html; charset=utf-8"),
        HTTPField(name: .cacheControl, value: htmlCacheControl),
        // Without `?lang=` the language comes from Accept-Language, so caches must key on it.
        HTTPField(name: .vary, value: "Accept-Language, Accept-Encoding"),
    ])

    /// `fields` with room for those added on the way out (ETag, encoding, length, security,
    /// request id), so adding them does not grow the storage again and again.
    static func headers(_ fields: [HTTPField]) -> HTTPFields {
        var headers = HTTPFields()
        headers.reserveCapacity(16)
        headers.append(contentsOf: fields)
        return headers
    }

    func addRoutes(to router: Router<some RequestContext>) {
        router.get(RouterPath(SiteURL.Route.home.pattern)) { request, _ in try await home(request) }
        router.get(RouterPath(SiteURL.Route.pick.pattern)) { request, _ in try pick(request) }
        router.get(RouterPath(SiteURL.Route.ballot.pattern)) { request, context in try await ballot(request, context) }
        router.get(RouterPath(SiteURL.Route.results.pattern)) { request, context in try await results(request, context) }
        router.get(RouterPath(SiteURL.Route.areaBallots.pattern)) { request, context in try await areaBallots(request, context) }
        router.get(RouterPath(SiteURL.Route.healthz.pattern)) { _, _ in health() }
        router.get(RouterPath(SiteURL.Route.about.pattern)) { request, _ in try await about(request) }
        // Embed pages are the same pages in a frame: `page(...)` sees the path and renders
        // them without the site's navigation.
        router.get(RouterPath(SiteURL.Route.embedHome.pattern)) { request, _ in try await home(request) }
        router.get(RouterPath(SiteURL.Route.embedResults.pattern)) { request, context in try await results(request, context) }
        router.get(RouterPath(SiteURL.Route.embedAreaBallots.pattern)) { request, context in try await areaBallots(request, context) }
        router.get(RouterPath(SiteURL.Route.embedCode.pattern)) { request, _ in embedCode(request) }
        router.get(RouterPath(SiteURL.Route.parties.pattern)) { request, _ in try await parties(request) }
        router.get(RouterPath(SiteURL.Route.insights.pattern)) { request, _ in try await insights(request) }
        router.get(RouterPath(SiteURL.Route.party.pattern)) { request, context in try await party(request, context) }
        router.get(RouterPath(SiteURL.Route.partyList.pattern)) { request, context in try await partyList(request, context) }
        router.get(RouterPath(SiteURL.Route.asset.pattern)) { _, context in try asset(context) }
    }

    func home(_ request: Request) async throws -> Response {
        let snapshot = store.snapshot
        return try await page(request, snapshot: snapshot) { views.html(.home, HomePage($0), request: $0) }
    }

    /// The area pickers' target: sends the voter on to a stable URL, the results of one ballot
    /// or, without a ballot, every ballot of the area.
    func pick(_ request: Request) throws -> Response {
        let query = request.uri.queryParameters
        guard let area = query.get("area"), !area.isEmpty else { throw PageError.areaMissing }
        var target = PageRequest(request, snapshot: nil)
        target.embedded = query.get("embed") == "1"
        guard let ballot = query.get("ballot"), !ballot.isEmpty else {
            return .redirect(to: target.link(.areaBallots(area)), type: .found)
        }
        return .redirect(to: target.link(.results(ballot: ballot, area: area)), type: .found)
    }

    func areaBallots(_ request: Request, _ context: some RequestContext) async throws -> Response {
        let snapshot = try requireSnapshot()
        return try await page(request, snapshot: snapshot) {
            let areaID = try parameter("area", context)
            guard let area = snapshot.area(areaID), !snapshot.ballots(forArea: areaID).isEmpty else {
                throw PageError.noArea(areaID)
            }
            return views.html(.areaBallots, AreaBallotsPage(area: area, snapshot: snapshot, request: $0), request: $0)
        }
    }

    func ballot(_ request: Request, _ context: some RequestContext) async throws -> Response {
        let snapshot = try requireSnapshot()
        return try await page(request, snapshot: snapshot) {
            let ballot = try requireBallot(context, in: snapshot)
            return views.html(.ballot, BallotPage(ballot: ballot, snapshot: snapshot, request: $0), request: $0)
        }
    }

    func results(_ request: Request, _ context: some RequestContext) async throws -> Response {
        let snapshot = try requireSnapshot()
        return try await page(request, snapshot: snapshot) {
            let ballot = try requireBallot(context, in: snapshot)
            let areaID = try parameter("area", context)
            guard let area = snapshot.area(areaID), let listing = snapshot.listing(ballot: ballot.key, area: areaID) else {
                throw PageError.noAreaOnBallot(area: areaID, ballotTitle: ballot.title)
            }
            return views.html(.results, ResultsPage(ballot: ballot, area: area, listing: listing, snapshot: snapshot, request: $0), request: $0)
        }
    }

    func parties(_ request: Request) async throws -> Response {
        let snapshot = try requireSnapshot()
        return try await page(request, snapshot: snapshot) { views.html(.parties, PartiesPage(snapshot: snapshot, request: $0), request: $0) }
    }

    func party(_ request: Request, _ context: some RequestContext) async throws -> Response {
        let snapshot = try requireSnapshot()
        return try await page(request, snapshot: snapshot) {
            let party = try requireParty(context, in: snapshot)
            return views.html(.party, PartyPage(party: party, snapshot: snapshot, request: $0), request: $0)
        }
    }

    /// One party's whole list in one area; only party-list ballots have such lists.
    func partyList(_ request: Request, _ context: some RequestContext) async throws -> Response {
        let snapshot = try requireSnapshot()
        return try await page(request, snapshot: snapshot) {
            let ballot = try requireBallot(context, in: snapshot)
            let party = try requireParty(context, in: snapshot)
            let areaID = try parameter("area", context)
            guard let area = snapshot.area(areaID), case .partyList(let groups)? = snapshot.listing(ballot: ballot.key, area: areaID),
                  let group = groups.first(where: { $0.partyKey == party.key }) else {
                throw PageError.noPartyList(party: party.name, area: areaID)
            }
            let content = PartyListPage(party: party, ballot: ballot, area: area, group: group, snapshot: snapshot, request: $0)
            return views.html(.partyList, content, request: $0)
        }
    }

    /// Candidates counted by ballot, party, gender and age: charts with a table each.
    func insights(_ request: Request) async throws -> Response {
        let snapshot = try requireSnapshot()
        return try await page(request, snapshot: snapshot) { views.html(.insights, InsightsPage(snapshot: snapshot, request: $0), request: $0) }
    }

    /// The snippet partners paste: an iframe of `/embed` and a listener that sets its height.
    ///
    /// The origin in it comes from the request's Host, which a client controls, so this page is
    /// never cached here or downstream: one forged Host must not end up in every partner's code.
    func embedCode(_ request: Request) -> Response {
        var page = PageRequest(request, snapshot: store.snapshot)
        page.candidateLink = views.candidateLink
        let content = EmbedCodePage(request: page, origin: Self.origin(of: request))
        var headers = HTTPFields()
        headers[.contentType] = "text/html; charset=utf-8"
        headers[.cacheControl] = "private, no-store"
        return Response(status: .ok, headers: headers, body: .init(byteBuffer: views.html(.embedCode, content, request: page)))
    }

    /// The site's public origin as the visitor reached it: behind CloudFront and the ALB the
    /// scheme arrives in `X-Forwarded-Proto`.
    static func origin(of request: Request) -> String {
        let host = request.head.authority ?? "localhost"
        let forwarded = request.headers[.xForwardedProto]?.split(separator: ",").first
        let scheme = forwarded.map { $0.trimmingCharacters(in: .whitespaces) } ?? "http"
        return "\(scheme == "https" ? "https" : "http")://\(host)"
    }

    func about(_ request: Request) async throws -> Response {
        let snapshot = try requireSnapshot()
        return try await page(request, snapshot: snapshot) { views.html(.about, AboutPage(snapshot: snapshot, request: $0), request: $0) }
    }

    /// The stylesheet, with the colours of the dataset version its name carries.
    func asset(_ context: some RequestContext) throws -> Response {
        let file = try parameter("file", context)
        if let script = Scripts.source(forFile: file) {
            var headers = HTTPFields()
            headers[.contentType] = "text/javascript; charset=utf-8"
            headers[.cacheControl] = StaticFiles.cacheControl
            return Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(string: script)))
        }
        let snapshot = store.snapshot
        let current = Stylesheet.fileName(version: snapshot?.version.id)
        guard file.hasPrefix("site.\(Stylesheet.fingerprint).v"), file.hasSuffix(".css") else {
            throw PageError.noFile(file)
        }
        var headers = HTTPFields()
        headers[.contentType] = "text/css; charset=utf-8"
        // A page rendered for another version (cached at the CDN across a swap) still gets the
        // current colours, but only briefly, so the name never holds the wrong colours for long.
        headers[.cacheControl] = file == current ? "public, max-age=31536000, immutable" : "public, max-age=60"
        let css = Stylesheet.text(for: snapshot?.site ?? SiteSettings(title: ""))
        return Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(string: css)))
    }

    /// Answers a page request from the page cache, or with 304 when the client's copy is
    /// current. Pages depend only on the dataset version, the language and the release's
    /// templates, so those make up the validator and the cache key.
    ///
    /// `render` finds what the page shows and throws when it does not exist. It runs only when
    /// the page is not cached: a snapshot never changes, so a page cached for its version was
    /// found before, and its lookups would be found again.
    func page(_ request: Request, snapshot: Snapshot?, render: (PageRequest) throws -> ByteBuffer) async throws -> Response {
        var page = PageRequest(request, snapshot: snapshot)
        page.candidateLink = views.candidateLink
        page.embedded = SiteURL.isEmbeddable(path: request.uri.path)
        let version = snapshot?.version.id
        let key = request.uri.path + "|" + page.language.rawValue
        var body = try await cache.body(for: key, version: version) { try render(page) }
        let etag = "\"\(version ?? 0)-\(page.language.rawValue)-\(views.fingerprint)\""
        var headers = Self.pageHeaders
        headers.append(HTTPField(name: .eTag, value: etag))
        if let condition = request.headers[.ifNoneMatch], EntityTag.ifNoneMatch(condition, matches: etag) {
            return Response(status: .notModified, headers: headers)
        }
        // Should compression ever fail, the plain body goes out instead.
        if Compression.acceptsGzip(request.headers[.acceptEncoding]),
           let compressed = try? await cache.body(for: key + "|gzip", version: version, render: { [body] in try Compression.gzip(body) }) {
            body = compressed
            headers.append(HTTPField(name: .contentEncoding, value: "gzip"))
        }
        return Response(status: .ok, headers: headers, body: .init(byteBuffer: body))
    }

    func health() -> Response {
        let version = store.snapshot.map { String($0.version.id) } ?? "null"
        var headers = HTTPFields()
        headers[.contentType] = "application/json"
        headers[.cacheControl] = "no-store"
        return Response(
            status: .ok, headers: headers,
            body: .init(byteBuffer: ByteBuffer(string: #"{"status":"ok","dataset_version":\#(version)}"#))
        )
    }

    private func requireSnapshot() throws -> Snapshot {
        guard let snapshot = store.snapshot else {
            throw PageError.nothingPublished
        }
        return snapshot
    }

    private func requireBallot(_ context: some RequestContext, in snapshot: Snapshot) throws -> Ballot {
        let key = try parameter("ballot", context)
        guard let ballot = snapshot.ballot(key) else {
            throw PageError.noBallot(key)
        }
        return ballot
    }

    private func requireParty(_ context: some RequestContext, in snapshot: Snapshot) throws -> Party {
        let key = try parameter("party", context)
        guard let party = snapshot.party(key) else { throw PageError.noParty(key) }
        return party
    }

    private func parameter(_ name: String, _ context: some RequestContext) throws -> String {
        let raw = try context.parameters.require(name)
        return raw.percentDecoded ?? raw
    }
}
