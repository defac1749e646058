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
        // Compact JSON: the runtime's default pretty-prints, which costs time and bytes on
        // every response, and machines are the readers.
        try OpenDataAPI(store: store, wardBallot: wardBallot)
            .registerHandlers(on: router, configuration: .init(jsonEncodingOptions: [.sortedKeys]))
        ExportRoutes.add(to: router, store: store)
        router.get("/api/openapi.json") { _, _ -> Response in
            var headers = HTTPFields()
            headers[.contentType] = "application/json"
            headers[.cacheControl] = "public, max-age=300"
            return Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(string: OpenAPIDocument.json)))
        }
    }
}

/// What every `/api/` response shares: open CORS for GET (the data is public), an ETag from
/// the dataset version with `If-None-Match` answered by 304 before any work, and a short public
/// `Cache-Control` that lets CloudFront absorb repeats.
///
/// Successful responses to paths without a query are kept encoded for the served version: the
/// snapshot cannot change under them, and such paths are bounded by the dataset, where query
/// strings are not.
struct APIHeadersMiddleware<Context: RequestContext>: RouterMiddleware {
    let store: SnapshotStore
    let cache: ResponseCache

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        guard request.uri.path.hasPrefix("/api/") else { return try await next(request, context) }
        let version = store.snapshot?.version.id
        let etag = "\"api-\(version ?? 0)\""
        var headers = HTTPFields()
        headers[.accessControlAllowOrigin] = "*"
        headers[.eTag] = etag
        headers[.cacheControl] = "public, max-age=60, stale-while-revalidate=600"
        if request.method == .get, let condition = request.headers[.ifNoneMatch], EntityTag.ifNoneMatch(condition, matches: etag) {
            return Response(status: .notModified, headers: headers)
        }
        let cacheKey = Self.cacheKey(for: request)
        if let cacheKey, let body = cache.cached(cacheKey, version: version) {
            headers[.contentType] = Self.jsonContentType
            return Response(status: .ok, headers: headers, body: .init(byteBuffer: body))
        }
        var response: Response
        do {
            response = try await next(request, context)
        } catch let error as ServerError {
            response = Self.problemResponse(for: error, logger: context.logger)
        }
        if let cacheKey, response.status == .ok, response.headers[.contentType] == Self.jsonContentType {
            let body = try await BodyCollector.collect(response.body)
            cache.store(body, for: cacheKey, version: version)
            response.body = .init(byteBuffer: body)
        }
        for field in headers where response.headers[field.name] == nil || field.name == .cacheControl {
            response.headers[field.name] = field.value
        }
        if response.status.code >= 400 { response.headers[.cacheControl] = "public, max-age=10" }
        return response
    }

    static var jsonContentType: String { "application/json; charset=utf-8" }

    /// The key a response to `request` is cached under, or `nil` when it is not cached: only
    /// plain GETs of the generated operations (the exports stream, and are too large to keep).
    static func cacheKey(for request: Request) -> String? {
        guard request.method == .get, request.uri.query == nil, request.uri.path.hasPrefix("/api/v1/"),
              !request.uri.path.hasPrefix("/api/v1/export.") else { return nil }
        return request.uri.path
    }

    /// A request the generated code could not decode (a `limit` that is not a number, say) is
    /// the client's mistake: 400 naming the parameter. Anything else is ours: a bare 500.
    static func problemResponse(for error: ServerError, logger: Logger) -> Response {
        let problem: Components.Schemas.Problem
        if let decoding = error.underlyingError as? DecodingError {
            // The runtime's decoding errors do not name the query parameter, so find it here.
            let parameter = Self.codingPath(of: decoding).last?.stringValue
                ?? Self.badIntegerParameter(in: error.request.path ?? "") ?? "request"
            problem = .init(
                _type: "urn:mycandidate:problem:bad-parameter", title: "Invalid parameter", status: 400,
                detail: "\(parameter) has a value of the wrong type.", parameter: parameter
            )
        } else if error.httpStatus.code < 500 {
            problem = .init(
                _type: "urn:mycandidate:problem:bad-request", title: "Bad request", status: error.httpStatus.code,
                detail: error.causeDescription
            )
        } else {
            logger.error("API request failed", metadata: ["operation": "\(error.operationID)", "error": "\(error.underlyingError)"])
            problem = .init(_type: "urn:mycandidate:problem:internal", title: "Internal error", status: 500, detail: "Please try again in a moment.")
        }
        return Problems.response(problem)
    }

    /// The first integer query parameter of the contract whose value is not a whole number.
    static func badIntegerParameter(in path: String) -> String? {
        guard let query = path.split(separator: "?", maxSplits: 1).dropFirst().first else { return nil }
        for item in query.split(separator: "&") {
            let pair = item.split(separator: "=", maxSplits: 1).map(String.init)
            if OpenDataAPI.integerQueryParameters.contains(pair[0]), Int(pair.count > 1 ? pair[1] : "") == nil {
                return pair[0]
            }
        }
        return nil
    }

    static func codingPath(of error: DecodingError) -> [any CodingKey] {
        switch error {
        case .typeMismatch(_, let context), .valueNotFound(_, let context), .keyNotFound(_, let context), .dataCorrupted(let context):
            context.codingPath
        @unknown default:
            []
        }
    }
}

/// Gathers a response body into one buffer, to keep it.
final class BodyCollector: ResponseBodyWriter {
    private var buffer = ByteBuffer()

    static func collect(_ body: ResponseBody) async throws -> ByteBuffer {
        let collector = BodyCollector()
        try await body.write(collector)
        return collector.buffer
    }

    func write(_ buffer: ByteBuffer) async throws {
        var buffer = buffer
        self.buffer.writeBuffer(&buffer)
    }

    func finish(_ trailingHeaders: HTTPFields?) async throws {}
}
