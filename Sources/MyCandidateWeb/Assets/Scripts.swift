/// Every script the site serves, by its fingerprinted file name under `/static/`. Each only
/// enhances a page that works without it, and each is a file because the CSP allows no inline
/// script.
enum Scripts {
    static func source(forFile name: String) -> String? {
        switch name {
        case SearchScript.fileName: SearchScript.source
        case EmbedScripts.resizeFile: EmbedScripts.resize
        case EmbedScripts.copyFile: EmbedScripts.copy
        case Analytics.setupFile: Analytics.setup
        case SettingsScript.fileName: SettingsScript.source
        default: nil
        }
    }

    /// All of them, for the release fingerprint that pages' ETags carry.
    static let all = [SearchScript.source, EmbedScripts.resize, EmbedScripts.copy, Analytics.setup, SettingsScript.source]
}
