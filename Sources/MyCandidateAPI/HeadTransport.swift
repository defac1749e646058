import Hummingbird
import OpenAPIHummingbird
import OpenAPIRuntime

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
