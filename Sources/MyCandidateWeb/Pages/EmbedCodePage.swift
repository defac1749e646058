/// View model of the page that gives partners the embed snippet.
struct EmbedCodePage: Encodable, Sendable {
    var intro: String
    var snippet: String
    var copyScriptPath: String

    init(request: PageRequest, origin: String) {
        let text = request.text
        let siteTitle = request.snapshot?.site.title ?? "MyCandidate"
        intro = text.embedCodeIntro
        let source = origin + request.fullSite.link(.embedHome)
        let title = text.format(\.embedFrameTitle, ["site": siteTitle])
        // The listener only trusts messages from this site's origin and only sets a height.
        snippet = """
            <iframe src="\(Self.attribute(source))" title="\(Self.attribute(title))" width="100%" height="640" style="border:0" loading="lazy"></iframe>
            <script>
            window.addEventListener("message", function (event) {
              if (event.origin !== "\(origin)" || !event.data || event.data.type !== "mycandidate:height") return;
              document.querySelectorAll('iframe[src^="\(origin)/embed"]').forEach(function (frame) {
                if (frame.contentWindow === event.source) frame.height = Math.ceil(event.data.height);
              });
            });
            </script>
            """
        copyScriptPath = SiteURL.asset(EmbedScripts.copyFile).path
    }

    /// Escapes text for a double-quoted HTML attribute inside the snippet (the template then
    /// escapes the whole snippet once more for display).
    static func attribute(_ text: String) -> String {
        text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "\"", with: "&quot;")
            .replacingOccurrences(of: "<", with: "&lt;")
    }
}
