import Foundation
import Hummingbird
import MyCandidateDomain
import MyCandidateRedis
import MyCandidateStorage

/// The site settings editor at `/admin/settings`.
///
/// Settings live inside each dataset version, and versions never change, so saving stores a
/// new version (the published one with the edited settings) and publishes it the way the
/// Publish button does: under the publishing lock, then this instance's snapshot is swapped
/// and the others are told. An edit is thereby in the version list and undone by Roll back.
extension AdminController {
    /// What saving the settings form came to; worked out under the lock, acted on after it.
    enum SettingsSave: Sendable {
        case nothingPublished
        /// Another version was published since the form was opened: `form` is the user's edit
        /// moved onto it, to be checked and saved again.
        case moved(form: SettingsForm, onto: Dataset)
        case invalid(FieldErrors, published: Dataset)
        case unchanged
        case saved(DatasetVersion)
    }

    func settings(_ request: Request, _ context: Context) async throws -> Response {
        guard let session = activeSession(context) else { return redirect(to: .login) }
        guard let version = try await repository.publishedVersionID() else { return nothingPublished() }
        // The snapshot keeps what pages need, not necessarily the whole dataset as stored.
        let dataset = try await repository.dataset(version: version)
        let form = SettingsForm(site: dataset.site, ballots: dataset.ballots, version: version)
        let page = AdminSettingsPage(form: form, ballots: dataset.ballots, csrfToken: session.csrfToken)
        return render(.adminSettings, page, session: session, notice: settingsNotice(request))
    }

    func saveSettings(_ request: Request, _ context: Context) async throws -> Response {
        guard let session = activeSession(context) else { return redirect(to: .login) }
        let posted = try await AdminForm(request, context, maxBytes: SettingsForm.maxBytes)
        guard posted.csrfToken.map({ SecureToken.matches($0, session.csrfToken) }) == true else { return forbidden() }
        let form = SettingsForm(fields: posted.fields)

        let outcome: SettingsSave
        do {
            outcome = try await withPublishingLock { try await save(form, by: session.username) }
        } catch is LockHeld {
            return message(.conflict, "Busy", "Another import or publish is running. Try again when it has finished.", link: .settings, linkText: "Site settings")
        }
        switch outcome {
        case .nothingPublished:
            return nothingPublished()
        case .moved(let moved, let current):
            let page = AdminSettingsPage(
                form: moved, ballots: current.ballots, csrfToken: session.csrfToken,
                conflict: "Version \(moved.baseVersion.map(String.init) ?? "?") was published while you were editing, so nothing was saved. "
                    + "Your changes are kept below on top of it; check them and save again."
            )
            return render(.adminSettings, page, session: session, status: .conflict)
        case .invalid(let errors, let published):
            let page = AdminSettingsPage(form: form, ballots: published.ballots, csrfToken: session.csrfToken, errors: errors)
            return render(.adminSettings, page, session: session, status: .unprocessableContent)
        case .unchanged:
            return Response(status: .seeOther, headers: [.location: AdminURL.settings.path + "?unchanged=1"])
        case .saved(let version):
            context.logger.notice("site settings saved and published from the admin area", metadata: [
                "user": "\(session.username)", "version": "\(version.id)",
            ])
            await audit(.settings, detail: "saved as version \(version.id) and published", actor: session.username, request: request, context: context)
            _ = try? await store.refresh(from: repository, logger: context.logger)
            if let redis { await PublishSignal.announce(version: version.id, through: redis, logger: context.logger) }
            return Response(status: .seeOther, headers: [.location: AdminURL.settings.path + "?saved=\(version.id)"])
        }
    }

    /// Reads the published version and stores the edited copy in one go, so nothing published
    /// in between is lost: the caller holds the publishing lock when there is one.
    func save(_ form: SettingsForm, by username: String) async throws -> SettingsSave {
        guard let publishedID = try await repository.publishedVersionID() else { return .nothingPublished }
        let published = try await repository.dataset(version: publishedID)
        if let base = form.baseVersion, base != publishedID {
            // Without the version the form came from, every field counts as an edit.
            let original = try? await repository.dataset(version: base)
            let current = SettingsForm(site: published.site, ballots: published.ballots, version: publishedID)
            var moved = original.map { form.rebased(from: SettingsForm(site: $0.site, ballots: $0.ballots, version: base), onto: current) }
                ?? form.rebased(from: SettingsForm(fields: [:]), onto: current)
            moved.baseVersion = publishedID
            return .moved(form: moved, onto: published)
        }
        switch form.apply(to: published) {
        case .invalid(let errors):
            return .invalid(errors, published: published)
        case .valid(let edited):
            // Only these two parts can differ; comparing every candidate would be wasted work.
            guard edited.site != published.site || edited.ballots != published.ballots else { return .unchanged }
            let sources = try await repository.version(id: publishedID)?.sources ?? []
            return .saved(try await repository.store(edited, sources: sources, publish: true, importedBy: username))
        }
    }

    func nothingPublished() -> Response {
        message(
            .conflict, "Nothing is published",
            "Site settings are kept in each dataset version, and no version is published yet. Publish or import one first.",
            link: .home, linkText: "Dataset versions"
        )
    }

    func settingsNotice(_ request: Request) -> String? {
        if let version = request.uri.queryParameters.get("saved", as: Int.self) { return "Saved as version \(version) and published." }
        if request.uri.queryParameters.get("unchanged") != nil { return "Nothing had changed, so no new version was made." }
        return nil
    }
}
