import Foundation
import Hummingbird
import Logging
import MyCandidateCache
import OpenAPIHummingbird
import OpenAPIRuntime

/// Adds the open data API to a router: the generated handlers under `/api/v1`, the contract at
/// `/api/openapi.json`, and the caching and CORS headers every API response carries.
public enum APIRoutes {
    /// - Parameter wardBallot: the ballot whose areas the legacy ward endpoint looks up.
    public static func add<Context: RequestContext>(to router: Router<Context>, store: SnapshotStore, wardBallot: String = "ward") throws {
        router.add(middleware: APIHeadersMiddleware<Context>(store: store))
        let api = OpenDataAPI(store: store, wardBallot: wardBallot)
        try api.registerHandlers(on: router)
        // HEAD is GET without the body (RFC 9110 §9.3.2); the router derives no HEAD routes
        // by itself, so every GET operation is registered a second time for HEAD.
        let head = HeadTransport()
        try api.registerHandlers(on: head)
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

/// Collects the generated server's GET operations so each can be registered again as HEAD:
/// the same handler, its headers (with the length the body would have had), no body. A path
/// whose contract declares its own HEAD keeps that one (the router allows one per method).
final class HeadTransport: ServerTransport {
    typealias Handler = @Sendable (HTTPRequest, HTTPBody?, ServerRequestMetadata) async throws -> (HTTPResponse, HTTPBody?)
    private var getHandlers: [(path: String, handler: Handler)] = []
    private var declaredHead: Set<String> = []

    func register(_ handler: @escaping Handler, method: HTTPRequest.Method, path: String) throws {
        if method == .get { getHandlers.append((path, handler)) }
        if method == .head { declaredHead.insert(path) }
    }

    func addHeadRoutes<Context: RequestContext>(to router: Router<Context>) {
        for (path, handler) in getHandlers where !declaredHead.contains(path) {
            router.register({ request, body, metadata in
                var get = request
                get.method = .get
                var (response, responseBody) = try await handler(get, body, metadata)
                if case .known(let length) = responseBody?.length {
                    response.headerFields[.contentLength] = String(length)
                }
                return (response, nil)
            }, method: .head, path: path)
        }
    }
}

/// The paths of the contract, read once from the served document: the methods each one has,
/// so a request the router finds no handler for can be told apart (a method the path lacks:
/// 405 with `Allow`, or a CORS preflight for OPTIONS; a path the API does not have: 404), and
/// the `maxLength` of each string query parameter of its GET, which the generated code does not
/// enforce.
struct APIRouteTable: Sendable {
    static let contractPath = "/api/openapi.json"
    static let contract = APIRouteTable(document: OpenAPIDocument.json)

    struct Route: Sendable {
        /// Path segments, `nil` where the template has a parameter.
        var segments: [Substring?]
        var methods: [HTTPRequest.Method]
        /// String query parameters of the GET operation that declare a `maxLength`.
        var maxLengths: [String: Int] = [:]
    }

    private let routes: [Route]

    init(document: String) {
        let root = (try? JSONSerialization.jsonObject(with: Data(document.utf8))) as? [String: Any] ?? [:]
        // A local `$ref` ("#/components/parameters/Limit"), followed to what it names.
        func resolve(_ value: Any?) -> [String: Any]? {
            guard let object = value as? [String: Any] else { return nil }
            guard let reference = object["$ref"] as? String, reference.hasPrefix("#/") else { return object }
            var target: Any? = root
            for key in reference.dropFirst(2).split(separator: "/") {
                target = (target as? [String: Any])?[key.replacingOccurrences(of: "~1", with: "/").replacingOccurrences(of: "~0", with: "~")]
            }
            return target as? [String: Any]
        }
        var routes = (root["paths"] as? [String: Any] ?? [:]).compactMap { template, value -> Route? in
            guard let item = resolve(value) else { return nil }
            let methods = ["get", "put", "post", "delete", "patch"].filter { item[$0] != nil }
                .compactMap { HTTPRequest.Method($0.uppercased()) }
            guard !methods.isEmpty else { return nil }
            var route = Route(segments: Self.segments(of: template).map { $0.contains("{") ? nil : $0 }, methods: methods)
            let parameters = (item["parameters"] as? [Any] ?? []) + (resolve(item["get"])?["parameters"] as? [Any] ?? [])
            for case let parameter? in parameters.map(resolve) where parameter["in"] as? String == "query" {
                if let name = parameter["name"] as? String, let maxLength = resolve(parameter["schema"])?["maxLength"] as? Int {
                    route.maxLengths[name] = maxLength
                }
            }
            return route
        }
        routes.append(Route(segments: Self.segments(of: Self.contractPath), methods: [.get]))
        self.routes = routes
    }

    private static func segments(of path: String) -> [Substring] {
        path.split(separator: "/", omittingEmptySubsequences: true)
    }

    private func matching(_ path: String) -> [Route] {
        let segments = Self.segments(of: path)
        return routes.filter { route in
            route.segments.count == segments.count
                && zip(route.segments, segments).allSatisfy { template, segment in template == nil || template == segment }
        }
    }

    /// The methods `path` answers to, as an `Allow` header lists them, or nil for a path the
    /// API does not have. HEAD comes with GET, and OPTIONS with every path.
    func allowedMethods(path: String) -> [HTTPRequest.Method]? {
        let declared = matching(path).flatMap(\.methods)
        guard !declared.isEmpty else { return nil }
        var allowed: [HTTPRequest.Method] = []
        for method in declared where !allowed.contains(method) {
            allowed.append(method)
            if method == .get { allowed.append(.head) }
        }
        return allowed + [.options]
    }

    /// The first query parameter of a GET `request` whose value is longer than the contract's
    /// `maxLength`, counted in Unicode code points as JSON Schema counts (not in the grapheme
    /// clusters `String.count` gives, which lets 101 code points with combining marks through).
    func overlongQueryParameter(in request: Request) -> (name: String, maxLength: Int)? {
        guard request.uri.query != nil else { return nil }
        let limits = matching(request.uri.path).reduce(into: [String: Int]()) { limits, route in
            limits.merge(route.maxLengths) { min($0, $1) }
        }
        guard !limits.isEmpty else { return nil }
        for (name, value) in request.uri.queryParameters {
            if let maxLength = limits[String(name)], value.unicodeScalars.count > maxLength {
                return (String(name), maxLength)
            }
        }
        return nil
    }
}

/// What every `/api/` response shares: open CORS for GET (the data is public), an ETag from
/// the dataset version with `If-None-Match` answered by 304 before any work, and a short public
/// `Cache-Control` that lets CloudFront absorb repeats.
struct APIHeadersMiddleware<Context: RequestContext>: RouterMiddleware {
    let store: SnapshotStore

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        guard request.uri.path.hasPrefix("/api/") else { return try await next(request, context) }
        let etag = "\"api-\(store.snapshot?.version.id ?? 0)\""
        var headers = HTTPFields()
        headers[.accessControlAllowOrigin] = "*"
        headers[.eTag] = etag
        headers[.cacheControl] = "public, max-age=60, stale-while-revalidate=600"
        let isRead = request.method == .get || request.method == .head
        if isRead, let condition = request.headers[.ifNoneMatch], EntityTag.ifNoneMatch(condition, matches: etag) {
            return Response(status: .notModified, headers: headers)
        }
        var response: Response
        do {
            if isRead, let overlong = APIRouteTable.contract.overlongQueryParameter(in: request) {
                response = Self.problem(.init(
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
        for field in headers where response.headers[field.name] == nil || field.name == .cacheControl {
            response.headers[field.name] = field.value
        }
        if response.status.code >= 400 { response.headers[.cacheControl] = "public, max-age=10" }
        return response
    }

    /// An API path asked with a method it does not have: 405 naming the ones it has, or, for
    /// OPTIONS, a CORS preflight answer (clients sending `If-None-Match` from a browser need one).
    /// A path the API does not have at all: a 404 problem rather than the site's HTML page.
    static func unroutedResponse(for request: Request, routes: APIRouteTable = .contract) -> Response {
        guard let allowed = routes.allowedMethods(path: request.uri.path) else {
            let response = problem(.init(
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
        var response = problem(.init(
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
        return Self.problem(problem)
    }

    static func problem(_ problem: Components.Schemas.Problem) -> Response {
        var headers = HTTPFields()
        headers[.contentType] = "application/problem+json; charset=utf-8"
        let body = (try? JSONEncoder().encode(problem)) ?? Data()
        return Response(status: .init(code: problem.status), headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: body)))
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
