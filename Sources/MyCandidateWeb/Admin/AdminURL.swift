/// The admin area's URLs: one enum drives both its routes and its links, as ``SiteURL`` does
/// for the public site.
enum AdminURL: Equatable {
    case home
    case login
    case logout
    case publish(version: Int)
    case rollback
    case upload
    /// One version's review page: its report, its changes, Publish or Discard.
    case version(Int)
    case discard(version: Int)
    case settings
    /// The audit log, newest first; `before` an entry id for older pages.
    case audit(before: Int? = nil)
    case auditCSV

    /// The route pattern, for the router.
    static let homePattern = "/admin"
    static let loginPattern = "/admin/login"
    static let logoutPattern = "/admin/logout"
    static let publishPattern = "/admin/versions/:version/publish"
    static let rollbackPattern = "/admin/rollback"
    static let uploadPattern = "/admin/upload"
    static let versionPattern = "/admin/versions/:version"
    static let discardPattern = "/admin/versions/:version/discard"
    static let settingsPattern = "/admin/settings"
    static let auditPattern = "/admin/audit"
    static let auditCSVPattern = "/admin/audit.csv"

    var path: String {
        switch self {
        case .home: Self.homePattern
        case .login: Self.loginPattern
        case .logout: Self.logoutPattern
        case .publish(let version): "/admin/versions/\(version)/publish"
        case .rollback: Self.rollbackPattern
        case .upload: Self.uploadPattern
        case .version(let version): "/admin/versions/\(version)"
        case .discard(let version): "/admin/versions/\(version)/discard"
        case .settings: Self.settingsPattern
        case .audit(nil): Self.auditPattern
        case .audit(let before?): Self.auditPattern + "?before=\(before)"
        case .auditCSV: Self.auditCSVPattern
        }
    }
}
