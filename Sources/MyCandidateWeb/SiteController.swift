import Foundation
import Hummingbird
import MyCandidateCache
import MyCandidateDomain

/// The public pages, all answered from the current snapshot.
struct SiteController: Sendable {
    let store: SnapshotStore
    let views: Views

    func addRoutes(to router: Router<some RequestContext>) {
        router.get(RouterPath(SiteURL.Route.home.pattern)) { _, _ in home() }
        router.get(RouterPath(SiteURL.Route.pick.pattern)) { request, _ in try pick(request) }
        router.get(RouterPath(SiteURL.Route.ballot.pattern)) { _, context in try ballot(context) }
        router.get(RouterPath(SiteURL.Route.results.pattern)) { _, context in try results(context) }
        router.get(RouterPath(SiteURL.Route.healthz.pattern)) { _, _ in health() }
    }

    func home() -> Response {
        let snapshot = store.snapshot
        return views.render(.home, HomePage(snapshot: snapshot), snapshot: snapshot)
    }

    /// The area picker's target: sends the voter on to the results page's stable URL.
    func pick(_ request: Request) throws -> Response {
        let query = request.uri.queryParameters
        guard let ballot = query.get("ballot"), !ballot.isEmpty else {
            throw HTTPError(.badRequest, message: "Choose a ballot: the ballot parameter is missing.")
        }
        guard let area = query.get("area"), !area.isEmpty else {
            throw HTTPError(.badRequest, message: "Choose an area: the area parameter is missing.")
        }
        return .redirect(to: SiteURL.results(ballot: ballot, area: area).path, type: .found)
    }

    func ballot(_ context: some RequestContext) throws -> Response {
        let snapshot = try requireSnapshot()
        let ballot = try requireBallot(context, in: snapshot)
        return views.render(.ballot, BallotPage(ballot: ballot, snapshot: snapshot), snapshot: snapshot)
    }

    func results(_ context: some RequestContext) throws -> Response {
        let snapshot = try requireSnapshot()
        let ballot = try requireBallot(context, in: snapshot)
        let areaID = try parameter("area", context)
        guard let area = snapshot.area(areaID), let listing = snapshot.listing(ballot: ballot.key, area: areaID) else {
            throw HTTPError(.notFound, message: "There is no area “\(areaID)” on the \(ballot.title) ballot.")
        }
        let page = ResultsPage(ballot: ballot, area: area, listing: listing, snapshot: snapshot)
        return views.render(.results, page, snapshot: snapshot)
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
            throw HTTPError(.notFound, message: "No candidate list has been published yet.")
        }
        return snapshot
    }

    private func requireBallot(_ context: some RequestContext, in snapshot: Snapshot) throws -> Ballot {
        let key = try parameter("ballot", context)
        guard let ballot = snapshot.ballot(key) else {
            throw HTTPError(.notFound, message: "There is no ballot “\(key)”.")
        }
        return ballot
    }

    private func parameter(_ name: String, _ context: some RequestContext) throws -> String {
        let raw = try context.parameters.require(name)
        return raw.removingPercentEncoding ?? raw
    }
}
