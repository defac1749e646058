import Foundation
import Hummingbird
import Logging
import MyCandidateCache
import OpenAPIHummingbird
import OpenAPIRuntime

/// Adds the open data API to a router: the generated handlers and the exports under `/api/v1`, the contract at
/// `/api/openapi.json`, and the caching and CORS headers every API response carries.
public enum APIRoutes {
    /// - Parameters:
    ///   - cache: keeps encoded responses of the served version (shared with the pages' cache).
    ///   - wardBallot: the ballot whose areas the legacy ward endpoint looks up.
    public static func add<Context: RequestContext>(
        to router: Router<Context>, store: SnapshotStore, cache: ResponseCache, wardBallot: String = "ward"
    ) throws {
        router.add(middleware: APIHeadersMiddleware<Context>(store: store, cache: cache))
        let api = OpenDataAPI(store: store, wardBallot: wardBallot)
        // Compact JSON: the runtime's default pretty-prints, which costs time and bytes on
        // every response, and machines are the readers.
        let configuration = Configuration(jsonEncodingOptions: [.sortedKeys])
        try api.registerHandlers(on: router, configuration: configuration)
        ExportRoutes.add(to: router, store: store)
        // HEAD is GET without the body (RFC 9110 §9.3.2); the router derives no HEAD routes
        // by itself, so every GET operation is registered a second time for HEAD.
        let head = HeadTransport()
        try api.registerHandlers(on: head, configuration: configuration)
        head.addHeadRoutes(to: router)
        @Sendable func contract(_ request: Request, _ context: Context) -> Response {
            var headers = HTTPFields()
            headers[.contentType] = "application/json"
            headers[.cacheControl] = "public, max-age=300"
            let response = Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(string: OpenAPIDocument.json)))
            return request.method == .head ? response.createHeadResponse() : response
        }
        router.get(.init(APIRouteTable.contractPath), use: contract)
        router.head(.init(APIRouteTable.contractPath), use: contract)
    }
}
