/// The admin area's URLs: one enum drives both its routes and its links, as ``SiteURL`` does
/// for the public site.
enum AdminURL: Equatable {
    case home
    case login
    case logout
    case publish(version: Int)
    case rollback
    /// The audit log, newest first; `before` an entry id for older pages.
    case audit(before: Int? = nil)
    case auditCSV

    /// The route pattern, for the router.
    static let homePattern = "/admin"
    static let loginPattern = "/admin/login"
    static let logoutPattern = "/admin/logout"
    static let publishPattern = "/admin/versions/:version/publish"
    static let rollbackPattern = "/admin/rollback"
    static let auditPattern = "/admin/audit"
    static let auditCSVPattern = "/admin/audit.csv"

    var path: String {
        switch self {
        case .home: Self.homePattern
        case .login: Self.loginPattern
        case .logout: Self.logoutPattern
        case .publish(let version): "/admin/versions/\(version)/publish"
        case .rollback: Self.rollbackPattern
        case .audit(nil): Self.auditPattern
        case .audit(let before?): Self.auditPattern + "?before=\(before)"
        case .auditCSV: Self.auditCSVPattern
        }
    }
}
