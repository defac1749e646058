import Foundation
import Hummingbird
import Mustache
import MyCandidateCache
import MyCandidateImport

/// Renders pages from the compiled-in templates.
struct Views: Sendable {
    enum Template: String {
        case home, ballot, results, areaBallots, about, parties, party, partyList, embedCode, error
        case search
        case insights
        case adminLogin, adminVersions, adminMessage, adminUpload, adminReview
        case adminSettings, adminAudit
    }

    let library: MustacheLibrary
    /// Changes whenever a template, the stylesheet or the search's script or rules do (pages
    /// name their fingerprinted files), so validators of pages rendered by another release
    /// never match.
    let fingerprint: String
    /// `CANDIDATE_LINK`: where candidate names link to, or `nil` for plain names.
    let candidateLink: String?

    init(candidateLink: String? = nil) throws {
        self.candidateLink = candidateLink
        library = try Templates.library()
        let sources = Templates.sources.sorted { $0.key < $1.key }.map { $0.key + "\n" + $0.value }.joined()
        fingerprint = String(SourceDigest.sha256Hex(Data((sources + Stylesheet.css + Scripts.all.joined()).utf8)).prefix(12))
    }

    /// The page's HTML.
    func html<Content: Encodable & Sendable>(_ template: Template, _ content: Content, request: PageRequest) -> ByteBuffer {
        let page = Page(chrome: PageChrome(request), page: content, t: PageText(language: request.language))
        // A template failing to render is a programming error caught by the snapshot tests.
        return ByteBuffer(string: library.render(TemplateValues.make(page), withTemplate: template.rawValue) ?? "")
    }

    /// An admin page's HTML: its own frame, without the public site's chrome.
    func admin<Content: Encodable & Sendable>(_ template: Template, _ frame: AdminFrame<Content>) -> ByteBuffer {
        ByteBuffer(string: library.render(TemplateValues.make(frame), withTemplate: template.rawValue) ?? "")
    }

    /// A response that must not be cached (errors).
    func uncached<Content: Encodable & Sendable>(
        _ template: Template, _ content: Content, request: PageRequest, status: HTTPResponse.Status
    ) -> Response {
        var headers = HTTPFields()
        headers[.contentType] = "text/html; charset=utf-8"
        headers[.cacheControl] = "no-store"
        return Response(status: status, headers: headers, body: .init(byteBuffer: html(template, content, request: request)))
    }
}
