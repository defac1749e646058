import Foundation
import Hummingbird

/// Refuses a query string whose percent-encoding is broken (`%zz`, a lone `%`) or decodes to
/// bytes that are not UTF-8: 400, rather than each handler quietly searching for or ignoring
/// text the client never meant to send.
struct PercentEncodingMiddleware<Context: RequestContext>: RouterMiddleware {
    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        if let query = request.uri.query, query.percentDecoded == nil {
            throw HTTPError(.badRequest, message: "The address has a query with invalid percent-encoding.")
        }
        return try await next(request, context)
    }
}
