import Hummingbird
import Logging
import MyCandidateCache

/// Turns errors into pages in the site's style and the visitor's language: a reason for 4xx,
/// a generic apology for anything unexpected (whose details go to the log, never to the visitor).
struct ErrorPageMiddleware<Context: RequestContext>: RouterMiddleware {
    let store: SnapshotStore
    let views: Views

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        do {
            return try await next(request, context)
        } catch let error as PageError {
            let page = PageRequest(request, snapshot: store.snapshot)
            let heading = error.status == .notFound ? page.text.pageNotFound : page.text.badRequest
            return views.uncached(.error, ErrorPage(heading: heading, message: error.message(page.text)), request: page, status: error.status)
        } catch let error as HTTPError where error.status.code < 500 {
            let page = PageRequest(request, snapshot: store.snapshot)
            let heading = error.status == .notFound ? page.text.pageNotFound : page.text.badRequest
            let message = error.body ?? page.text.pageDoesNotExist
            return views.uncached(.error, ErrorPage(heading: heading, message: message), request: page, status: error.status)
        } catch {
            context.logger.error("request failed", metadata: ["error": "\(error)", "path": "\(request.uri.path)"])
            let page = PageRequest(request, snapshot: store.snapshot)
            let content = ErrorPage(heading: page.text.somethingWentWrong, message: page.text.tryAgain)
            return views.uncached(.error, content, request: page, status: .internalServerError)
        }
    }
}
