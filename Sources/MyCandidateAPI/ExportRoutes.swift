import Hummingbird
import MyCandidateCache

/// `/api/v1/export.csv` and `/api/v1/export.json`: the whole published dataset, streamed.
///
/// These two routes are the only ones written by hand: the generator would encode a JSON body
/// as one value in memory. The generator config leaves them out (they are tagged `exports`);
/// `ExportTests` holds them to the contract.
enum ExportRoutes {
    static func add<Context: RequestContext>(to router: Router<Context>, store: SnapshotStore) {
        router.get("/api/v1/export.csv") { _, _ in response(store: store, format: .csv) }
        router.get("/api/v1/export.json") { _, _ in response(store: store, format: .json) }
        router.head("/api/v1/export.csv") { _, _ in headResponse(response(store: store, format: .csv)) }
        router.head("/api/v1/export.json") { _, _ in headResponse(response(store: store, format: .json)) }
    }

    /// The GET's headers without its body. The body is written only when sent, so a HEAD costs
    /// nothing; it stays a stream of unknown length, because Hummingbird's
    /// `createHeadResponse()` gives an empty body of known length, sent as `Content-Length: 0`
    /// for a download that is not empty.
    static func headResponse(_ response: Response) -> Response {
        guard response.status == .ok else { return response.createHeadResponse() }
        return Response(status: response.status, headers: response.headers, body: ResponseBody { writer in
            try await writer.finish(nil)
        })
    }

    static func response(store: SnapshotStore, format: ExportWriter.Format) -> Response {
        guard let snapshot = store.snapshot else {
            return Problems.response(Problems.nothingPublished)
        }
        let writer = ExportWriter(snapshot: snapshot, format: format)
        let fileExtension = format == .csv ? "csv" : "json"
        var headers = HTTPFields()
        headers[.contentType] = format == .csv ? "text/csv; charset=utf-8" : "application/json"
        headers[.contentDisposition] = "attachment; filename=\"candidates-v\(snapshot.version.id).\(fileExtension)\""
        // The connection's writer waits while the client is slow to read, so at most one chunk
        // is in memory however large the dataset.
        return Response(status: .ok, headers: headers, body: ResponseBody { responseWriter in
            try await writer.write { chunk in try await responseWriter.write(chunk) }
            try await responseWriter.finish(nil)
        })
    }
}
