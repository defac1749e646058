import Foundation
import Hummingbird

/// Refuses a query string whose percent-encoding is broken (`%zz`, a lone `%`) or decodes to
/// bytes that are not UTF-8: 400, rather than each handler quietly searching for or ignoring
/// text the client never meant to send.
struct PercentEncodingMiddleware<Context: RequestContext>: RouterMiddleware {
    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        // Without a `%` there is nothing to decode, and a Swift string is valid UTF-8 already:
        // most requests are spared the decoded copy.
        if let query = request.uri.query, query.utf8.contains(UInt8(ascii: "%")), query.removingPercentEncoding == nil {
            throw HTTPError(.badRequest, message: "The address has a query with invalid percent-encoding.")
        }
        return try await next(request, context)
    }
}
