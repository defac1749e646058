/// Every script the site serves, by its fingerprinted file name under `/static/`. Each only
/// enhances a page that works without it, and each is a file because the CSP allows no inline
/// script.
enum Scripts {
    /// File name and source of each script.
    static let files: [(name: String, source: String)] = [
        (SearchScript.fileName, SearchScript.source),
        (EmbedScripts.resizeFile, EmbedScripts.resize),
        (EmbedScripts.copyFile, EmbedScripts.copy),
        (Analytics.setupFile, Analytics.setup),
        (SettingsScript.fileName, SettingsScript.source),
    ]

    static func source(forFile name: String) -> String? {
        files.first { $0.name == name }?.source
    }

    /// All of them, for the release fingerprint that pages' ETags carry.
    static let all = files.map(\.source)
}

/// The static files a CDN can serve from a bucket instead of the app: the scripts, whose names
/// change whenever their content does. The stylesheet is not among them: it carries the colours
/// of the published dataset version, which an admin may change at any time.
public enum StaticFiles {
    /// Each file's name under `/static/` and its bytes.
    public static var scripts: [(name: String, contents: [UInt8])] {
        Scripts.files.map { ($0.name, Array($0.source.utf8)) }
    }

    /// The `Cache-Control` the app sends with them, for the bucket's copies to match.
    public static let cacheControl = "public, max-age=31536000, immutable"
}
