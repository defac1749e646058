import Foundation
import Hummingbird
import Logging
import MyCandidateCache
import OpenAPIRuntime

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
        // Browser scripts may read these too: the ETag to revalidate, Retry-After after a 429.
        headers[.accessControlExposeHeaders] = "ETag, Retry-After"
        headers[.eTag] = etag
        headers[.cacheControl] = "public, max-age=60, stale-while-revalidate=600"
        let isRead = request.method == .get || request.method == .head
        if isRead, let condition = request.headers[.ifNoneMatch], EntityTag.ifNoneMatch(condition, matches: etag) {
            return Response(status: .notModified, headers: headers)
        }
        let cacheKey = Self.cacheKey(for: request)
        if let cacheKey, let body = cache.cached(cacheKey, version: version) {
            headers[.contentType] = Self.jsonContentType
            return Response(status: .ok, headers: headers, body: .init(byteBuffer: body))
        }
        var response: Response
        do {
            if isRead, let overlong = APIRouteTable.contract.overlongQueryParameter(in: request) {
                response = Problems.response(.init(
                    _type: "urn:mycandidate:problem:bad-parameter", title: "Invalid parameter", status: 400,
                    detail: "\(overlong.name) is longer than \(overlong.maxLength) characters.", parameter: overlong.name
                ))
            } else {
                response = try await next(request, context)
            }
        } catch let error as ServerError {
            response = Self.problemResponse(for: error, logger: context.logger)
        } catch let error as HTTPError where error.status == .notFound {
            // The router found no handler for this path and method.
            response = Self.unroutedResponse(for: request)
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

    /// An API path asked with a method it does not have: 405 naming the ones it has, or, for
    /// OPTIONS, a CORS preflight answer (clients sending `If-None-Match` from a browser need one).
    /// A path the API does not have at all: a 404 problem rather than the site's HTML page.
    static func unroutedResponse(for request: Request, routes: APIRouteTable = .contract) -> Response {
        guard let allowed = routes.allowedMethods(path: request.uri.path) else {
            let response = Problems.response(.init(
                _type: "urn:mycandidate:problem:not-found", title: "Not found", status: 404,
                detail: "There is no API endpoint at this path; see /api/openapi.json."
            ))
            return request.method == .head ? response.createHeadResponse() : response
        }
        let allow = allowed.map(\.rawValue).joined(separator: ", ")
        if request.method == .options {
            var headers = HTTPFields()
            headers[.allow] = allow
            headers[.accessControlAllowMethods] = allow
            headers[.accessControlAllowHeaders] = "If-None-Match"
            headers[.accessControlMaxAge] = "86400"
            return Response(status: .noContent, headers: headers)
        }
        var response = Problems.response(.init(
            _type: "urn:mycandidate:problem:method-not-allowed", title: "Method not allowed", status: 405,
            detail: "This endpoint answers \(allow)."
        ))
        response.headers[.allow] = allow
        return request.method == .head ? response.createHeadResponse() : response
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
