import Hummingbird
import Mustache
import MyCandidateCache

/// Renders pages from the compiled-in templates.
struct Views: Sendable {
    enum Template: String {
        case home, ballot, results, error
    }

    let library: MustacheLibrary

    init() throws {
        library = try Templates.library()
    }

    func render<Content: Encodable & Sendable>(
        _ template: Template,
        _ content: Content,
        snapshot: Snapshot?,
        status: HTTPResponse.Status = .ok
    ) -> Response {
        let page = Page(chrome: PageChrome(snapshot: snapshot), page: content)
        // A template failing to render is a programming error caught by the snapshot tests.
        let html = library.render(page, withTemplate: template.rawValue) ?? ""
        var headers = HTTPFields()
        headers[.contentType] = "text/html; charset=utf-8"
        // Pages change only when a new dataset version is published, which the CDN may lag by a minute.
        headers[.cacheControl] = status == .ok ? "public, max-age=60" : "no-store"
        return Response(status: status, headers: headers, body: .init(byteBuffer: ByteBuffer(string: html)))
    }
}
