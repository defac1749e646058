import Hummingbird
import Logging
import MyCandidateCache

/// Turns errors into pages in the site's style: a reason for 4xx, a generic apology for
/// anything unexpected (whose details go to the log, never to the visitor).
struct ErrorPageMiddleware<Context: RequestContext>: RouterMiddleware {
    let store: SnapshotStore
    let views: Views

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        do {
            return try await next(request, context)
        } catch let error as HTTPError where error.status.code < 500 {
            let heading = error.status == .notFound ? "Page not found" : "That request could not be answered"
            let message = error.body ?? "The page you asked for does not exist."
            return views.uncached(.error, ErrorPage(heading: heading, message: message), snapshot: store.snapshot, status: error.status)
        } catch {
            context.logger.error("request failed", metadata: ["error": "\(error)", "path": "\(request.uri.path)"])
            let page = ErrorPage(heading: "Something went wrong", message: "Please try again in a moment.")
            return views.uncached(.error, page, snapshot: store.snapshot, status: .internalServerError)
        }
    }
}
