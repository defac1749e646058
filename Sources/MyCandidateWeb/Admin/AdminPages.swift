import Foundation
import MyCandidateDomain

/// What every admin page's frame shows.
struct AdminFrame<Content: Encodable & Sendable>: Encodable, Sendable {
    var siteTitle: String
    var stylesheetPath: String
    /// The signed-in user, or `nil` on the login page.
    var username: String?
    var csrfToken: String?
    var logoutPath = AdminURL.logout.path
    var versionsPath = AdminURL.home.path
    var uploadPath = AdminURL.upload.path
    var settingsPath = AdminURL.settings.path
    var auditPath = AdminURL.audit().path
    var notice: String?
    var page: Content
}

/// `/admin/login`.
struct AdminLoginPage: Encodable, Sendable {
    var loginPath = AdminURL.login.path
    /// Also set as a cookie; the two must match when the form comes back.
    var formToken: String
    var username = ""
    var error: String?
}

/// `/admin`: every stored version, newest first.
struct AdminVersionsPage: Encodable, Sendable {
    struct Row: Encodable, Sendable {
        var id: Int
        var status: String
        var created: String
        var importedBy: String
        var published: String
        var candidates: Int
        var sources: String
        /// Its review page: what it holds and changes, Publish or Discard.
        var reviewPath: String
        /// Where its Publish button posts; `nil` for the version already published.
        var publishPath: String?
        var csrfToken: String
    }

    var versions: [Row]
    var hasVersions: Bool
    var canRollBack: Bool
    var rollbackPath = AdminURL.rollback.path
    var uploadPath = AdminURL.upload.path

    init(versions: [DatasetVersion], csrfToken: String) {
        let time = AdminTime.format
        self.versions = versions.map { version in
            Row(
                id: version.id, status: version.status.rawValue, created: time(version.createdAt), importedBy: version.importedBy ?? "",
                published: version.publishedAt.map(time) ?? "",
                candidates: version.counts.candidates, sources: version.sources.map(\.file).joined(separator: ", "),
                reviewPath: AdminURL.version(version.id).path,
                publishPath: version.status == .published ? nil : AdminURL.publish(version: version.id).path,
                csrfToken: csrfToken
            )
        }
        hasVersions = !versions.isEmpty
        canRollBack = versions.contains { $0.status == .superseded }
    }
}

/// A refusal or error in the admin area.
struct AdminMessagePage: Encodable, Sendable {
    var heading: String
    var message: String
    var linkPath: String
    var linkText: String
}
