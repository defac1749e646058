import Foundation
import Hummingbird
import HummingbirdAuth
import Logging
import MyCandidateDomain
import MyCandidateImport
import MyCandidateStorage
import NIOPosix

/// Uploading a new list from the browser: files are checked, kept under `FILES_DIR`, imported
/// and stored as a draft version; its review page shows the report and the changes against the
/// published version, with Publish and Discard.
extension AdminController {
    func addUploadRoutes(to admin: RouterGroup<Context>) {
        admin.get(RouterPath(AdminURL.uploadPattern)) { _, context in uploadForm(context) }
        admin.post(RouterPath(AdminURL.uploadPattern)) { request, context in try await upload(request, context) }
        admin.get(RouterPath(AdminURL.versionPattern)) { _, context in try await review(context) }
        admin.post(RouterPath(AdminURL.discardPattern)) { request, context in try await discard(request, context) }
    }

    func uploadForm(_ context: Context) -> Response {
        guard let session = activeSession(context) else { return redirect(to: .login) }
        return render(.adminUpload, uploadPage(session), session: session)
    }

    func upload(_ request: Request, _ context: Context) async throws -> Response {
        guard let session = activeSession(context) else { return redirect(to: .login) }
        let form: MultipartForm
        do {
            form = try await MultipartForm.read(request, maxBytes: uploadMaxBytes)
        } catch let problem as UploadProblem {
            return refused(problem, session: session)
        }
        guard form.fields["csrf_token"].map({ SecureToken.matches($0, session.csrfToken) }) == true else {
            return forbidden()
        }
        var page = uploadPage(session)
        do {
            let kind = try UploadRequest(fields: form.fields)
            let files = try UploadedFiles(form.files)
            try kind.check(files)
            let version = try await importUpload(files, as: kind, by: session.username, logger: context.logger)
            context.logger.notice("dataset version uploaded from the admin area", metadata: [
                "user": "\(session.username)", "version": "\(version.id)", "files": "\(files.files.map(\.name))",
            ])
            await audit(
                .upload, detail: "draft version \(version.id) from \(files.files.map(\.name).joined(separator: ", "))",
                actor: session.username, request: request, context: context
            )
            return Response(status: .seeOther, headers: [.location: AdminURL.version(version.id).path])
        } catch let problem as UploadProblem {
            return refused(problem, session: session)
        } catch let failure as ImportFailure {
            page.error = "The files have \(failure.errors.count) problem(s) in \(failure.rejectedRows) row(s); nothing was stored. Fix them and upload again."
            page.list(failure)
            return render(.adminUpload, page, session: session, status: .unprocessableContent)
        } catch let error as ImportError {
            page.error = "The files could not be imported; nothing was stored."
            page.list(ImportFailure(errors: [error], rejectedRows: error.row == nil ? 0 : 1))
            return render(.adminUpload, page, session: session, status: .unprocessableContent)
        } catch let error as DatasetMergeError {
            return refused(UploadProblem(.unprocessableContent, "The files clash with the published dataset: \(error.description). Nothing was stored."), session: session)
        } catch is LockHeld {
            return refused(UploadProblem(.conflict, "Another import or publish is running. Try again when it has finished; nothing was stored."), session: session)
        }
    }

    /// Stages the files, imports them under the publishing lock and stores a draft; the files
    /// then move under the new version's folder. Nothing is left behind when any step fails.
    private func importUpload(_ files: UploadedFiles, as kind: UploadRequest, by username: String, logger: Logger) async throws -> DatasetVersion {
        let staged = try archive.stage(files)
        let stored: (version: DatasetVersion, report: UploadReport)
        do {
            stored = try await withPublishingLock {
                // Only a one-ballot upload needs the published data (to merge into).
                var published: Dataset?
                if case .ballot = kind, let id = try await repository.publishedVersionID() {
                    published = try await repository.dataset(version: id)
                }
                // On NIO's pool for blocking work: a big import is seconds of CPU that would
                // otherwise hold a concurrency thread from page requests and lock renewals.
                let (result, dataset) = try await NIOThreadPool.singleton.runIfActive { [published] in
                    try kind.run(folder: staged, files: files, published: published)
                }
                let version = try await repository.store(dataset, sources: result.sources, publish: false, importedBy: username)
                let report = UploadReport(
                    uploadedBy: username, uploadedAt: Date(), files: files.files.map(\.name), ballot: kind.ballotKey,
                    ballots: result.report.ballots, duplicatesDropped: result.report.duplicatesDropped, warnings: result.warnings
                )
                return (version, report)
            }
        } catch {
            archive.remove(staged)
            throw error
        }
        do {
            try archive.keep(staged, as: stored.version.id, report: stored.report)
        } catch {
            // The version is stored and complete; only its copy of the files is missing.
            logger.error("could not file the uploaded files under their version", metadata: [
                "version": "\(stored.version.id)", "error": "\(error)",
            ])
            archive.remove(staged)
        }
        return stored.version
    }

    func review(_ context: Context) async throws -> Response {
        guard let session = activeSession(context) else { return redirect(to: .login) }
        guard let id = context.parameters.get("version", as: Int.self), let version = try await repository.version(id: id) else {
            return message(.notFound, "No such version", "There is no dataset version \(context.parameters.get("version") ?? "").", link: .home, linkText: "Dataset versions")
        }
        let dataset = try await repository.dataset(version: id)
        let publishedID = try await repository.publishedVersionID()
        var diff: DatasetDiff?
        if let publishedID, publishedID != id {
            diff = DatasetDiff.between(try await repository.dataset(version: publishedID), dataset)
        }
        let page = AdminReviewPage(
            version: version, dataset: dataset, report: archive.report(of: id), diff: diff,
            comparedWith: publishedID == id ? nil : publishedID, csrfToken: session.csrfToken
        )
        return render(.adminReview, page, session: session)
    }

    func discard(_ request: Request, _ context: Context) async throws -> Response {
        guard let session = activeSession(context) else { return redirect(to: .login) }
        guard try await AdminForm(request, context).csrfToken.map({ SecureToken.matches($0, session.csrfToken) }) == true else {
            return forbidden()
        }
        let id = try context.parameters.require("version", as: Int.self)
        do {
            try await withPublishingLock { try await repository.discard(version: id) }
        } catch is LockHeld {
            return message(.conflict, "Busy", "Another import or publish is running. Try again when it has finished.", link: .version(id), linkText: "Version \(id)")
        } catch let error as StorageError {
            switch error {
            case .versionNotFound: return message(.notFound, "No such version", error.description, link: .home, linkText: "Dataset versions")
            case .notADraft: return message(.conflict, "Not a draft", error.description, link: .version(id), linkText: "Version \(id)")
            default: throw error
            }
        }
        archive.removeVersion(id)
        context.logger.notice("draft dataset version discarded", metadata: ["user": "\(session.username)", "version": "\(id)"])
        await audit(.discard, detail: "draft version \(id)", actor: session.username, request: request, context: context)
        return Response(status: .seeOther, headers: [.location: AdminURL.home.path + "?discarded=\(id)"])
    }

    private func uploadPage(_ session: AdminSession) -> AdminUploadPage {
        AdminUploadPage(csrfToken: session.csrfToken, maxBytes: uploadMaxBytes, ballots: store.snapshot?.ballots ?? [])
    }

    private func refused(_ problem: UploadProblem, session: AdminSession) -> Response {
        var page = uploadPage(session)
        page.error = problem.message
        return render(.adminUpload, page, session: session, status: problem.status)
    }
}
