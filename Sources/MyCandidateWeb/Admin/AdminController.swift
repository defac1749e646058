import Foundation
import Hummingbird
import HummingbirdAuth
import Logging
import MyCandidateCache
import MyCandidateDomain
import MyCandidateRedis
import MyCandidateStorage

/// The admin area: sign in and out, the stored dataset versions, publish and roll back.
///
/// Every response is `no-store`; every form carries a CSRF token (the session's, or before
/// sign-in one from a short-lived cookie); sessions live server-side and end after
/// ``AdminSessionPolicy/idleTimeout`` without a request or ``AdminSessionPolicy/absoluteLifetime``
/// after sign-in.
struct AdminController<Context: SessionRequestContext & RemoteAddressRequestContext>: Sendable where Context.Session == AdminSession {
    let repository: any Repository
    let store: SnapshotStore
    let views: Views
    let throttle: LoginThrottle
    let trustedProxies: TrustedProxies
    /// `Secure` on the cookies: browsers then send them over HTTPS only.
    let secureCookies: Bool
    /// Announces publishing to the other instances; `nil` when there is no Redis.
    let redis: RedisClient?
    /// Uploaded files, under `FILES_DIR`.
    let archive: UploadArchive
    let uploadMaxBytes: Int
    /// Throttled sign-ins reach the audit log once a minute per address, not once per request.
    let throttledSignIns = RepeatGate(interval: .seconds(60))

    func addRoutes(to router: Router<Context>, sessions: any PersistDriver) {
        let cookie = SessionCookieParameters(
            name: AdminSessionPolicy.cookieName, path: AdminURL.homePattern, secure: secureCookies, sameSite: .strict
        )
        let unavailable = message(
            .serviceUnavailable, "Session store unavailable",
            "Signing in needs the session store, which cannot be reached just now. The public site is not affected. Please try again in a minute.",
            link: .login, linkText: "Sign in"
        )
        let admin = router.group()
            .add(middleware: NoStoreMiddleware<Context>())
            .add(middleware: SessionStoreGuard<Context>(redis: redis, unavailable: unavailable))
            .add(middleware: SessionMiddleware<Context>(
                storage: sessions,
                configuration: .init(sessionCookieParameters: cookie, keyPrefix: "admin.", defaultSessionExpiration: AdminSessionPolicy.idleTimeout)
            ))
        admin.get(RouterPath(AdminURL.homePattern)) { request, context in try await versions(request, context) }
        admin.get(RouterPath(AdminURL.loginPattern)) { _, context in loginForm(context) }
        admin.post(RouterPath(AdminURL.loginPattern)) { request, context in try await login(request, context) }
        admin.post(RouterPath(AdminURL.logoutPattern)) { request, context in try await logout(request, context) }
        admin.post(RouterPath(AdminURL.publishPattern)) { request, context in
            try await change(request, context, recording: .publish) { try await repository.publish(version: try context.parameters.require("version", as: Int.self)) }
        }
        admin.post(RouterPath(AdminURL.rollbackPattern)) { request, context in
            try await change(request, context, recording: .rollback) { try await repository.rollback() }
        }
        addUploadRoutes(to: admin)
        admin.get(RouterPath(AdminURL.settingsPattern)) { request, context in try await settings(request, context) }
        admin.post(RouterPath(AdminURL.settingsPattern)) { request, context in try await saveSettings(request, context) }
        admin.get(RouterPath(AdminURL.auditPattern)) { request, context in try await auditLog(request, context) }
        admin.get(RouterPath(AdminURL.auditCSVPattern)) { request, context in try await auditCSV(request, context) }
    }

    // MARK: Pages

    func versions(_ request: Request, _ context: Context) async throws -> Response {
        guard let session = activeSession(context) else { return redirect(to: .login) }
        let page = AdminVersionsPage(versions: try await repository.versions(), csrfToken: session.csrfToken)
        return render(.adminVersions, page, session: session, notice: notice(request))
    }

    func loginForm(_ context: Context, error: String? = nil, username: String = "", status: HTTPResponse.Status = .ok) -> Response {
        if error == nil, activeSession(context) != nil { return redirect(to: .home) }
        let token = SecureToken.make()
        var response = render(.adminLogin, AdminLoginPage(formToken: token, username: username, error: error), session: nil, status: status)
        response.setCookie(Cookie(
            name: AdminSessionPolicy.loginTokenCookie, value: token, maxAge: 1800, path: AdminURL.loginPattern,
            secure: secureCookies, httpOnly: true, sameSite: .strict
        ))
        return response
    }

    // MARK: Actions

    func login(_ request: Request, _ context: Context) async throws -> Response {
        let form = try await LoginForm(request, context)
        guard let cookie = request.cookies[AdminSessionPolicy.loginTokenCookie]?.value,
              SecureToken.matches(cookie, form.csrfToken) else {
            return message(.forbidden, "Form expired", "The sign-in form had expired or came from elsewhere. Please try again.", link: .login, linkText: "Sign in")
        }
        let client = ClientAddress.key(peer: context.remoteAddress, headers: request.headers, trusting: trustedProxies)
        if case .denied(let wait) = await throttle.attempt(username: form.username, client: client) {
            context.logger.notice("admin sign-in throttled", metadata: ["user": "\(form.username)", "client": "\(client)"])
            if await throttledSignIns.admit(client) {
                let detail = "told to wait \(RateLimitMiddleware<Context>.retryAfterSeconds(wait)) s; more from this address within a minute go unrecorded"
                await audit(.signInThrottled, detail: detail, actor: form.username, request: request, context: context)
            }
            var response = message(
                .tooManyRequests, "Too many attempts",
                "Too many sign-in attempts. Please wait \(RateLimitMiddleware<Context>.retryAfterSeconds(wait)) seconds and try again.",
                link: .login, linkText: "Sign in"
            )
            response.headers[.retryAfter] = String(RateLimitMiddleware<Context>.retryAfterSeconds(wait))
            return response
        }
        let user = try await repository.user(username: form.username)
        // An unknown name costs a bcrypt check too, so the time taken does not tell names apart.
        let valid = try await AdminCredentials.verifyOffThePool(password: form.password, hash: user?.passwordHash ?? AdminCredentials.decoyHash)
        guard let user, valid else {
            context.logger.notice("admin sign-in failed", metadata: ["user": "\(form.username)", "client": "\(client)"])
            await audit(.signInFailed, actor: form.username, request: request, context: context)
            return loginForm(context, error: "Wrong user name or password.", username: form.username, status: .unauthorized)
        }
        // A new session, so a new id: any id planted before sign-in is worthless.
        context.sessions.createSession(
            AdminSession(username: user.username, csrfToken: SecureToken.make(), loggedInAt: Date()),
            expiresIn: AdminSessionPolicy.idleTimeout
        )
        context.logger.notice("admin signed in", metadata: ["user": "\(user.username)", "client": "\(client)"])
        await audit(.signIn, actor: user.username, request: request, context: context)
        var response = redirect(to: .home)
        response.setCookie(Cookie(name: AdminSessionPolicy.loginTokenCookie, value: "", maxAge: 0, path: AdminURL.loginPattern, secure: secureCookies, httpOnly: true, sameSite: .strict))
        return response
    }

    func logout(_ request: Request, _ context: Context) async throws -> Response {
        if let session = activeSession(context) {
            guard try await AdminForm(request, context).csrfToken.map({ SecureToken.matches($0, session.csrfToken) }) == true else {
                return forbidden()
            }
            context.logger.notice("admin signed out", metadata: ["user": "\(session.username)"])
            await audit(.signOut, actor: session.username, request: request, context: context)
        }
        context.sessions.clearSession()
        return redirect(to: .login)
    }

    /// Runs a publishing change for a signed-in user whose form carries the session's token,
    /// records it in the audit log as `action`, then swaps this instance's snapshot at once (the
    /// others follow within their poll).
    func change(
        _ request: Request, _ context: Context, recording action: AuditAction, _ body: () async throws -> DatasetVersion
    ) async throws -> Response {
        guard let session = activeSession(context) else { return redirect(to: .login) }
        guard try await AdminForm(request, context).csrfToken.map({ SecureToken.matches($0, session.csrfToken) }) == true else {
            return forbidden()
        }
        let version: DatasetVersion
        do {
            version = try await withPublishingLock(body)
        } catch is LockHeld {
            return message(.conflict, "Busy", "Another import or publish is running. Try again when it has finished.", link: .home, linkText: "Dataset versions")
        } catch let error as StorageError {
            switch error {
            case .versionNotFound: return message(.notFound, "No such version", error.description, link: .home, linkText: "Dataset versions")
            case .nothingToRollBackTo: return message(.conflict, "Nothing to roll back to", error.description, link: .home, linkText: "Dataset versions")
            default: throw error
            }
        }
        context.logger.notice("dataset version published from the admin area", metadata: ["user": "\(session.username)", "version": "\(version.id)"])
        await audit(action, detail: action == .rollback ? "to version \(version.id)" : "version \(version.id)", actor: session.username, request: request, context: context)
        _ = try? await store.refresh(from: repository, logger: context.logger)
        if let redis { await PublishSignal.announce(version: version.id, through: redis, logger: context.logger) }
        var response = redirect(to: .home)
        response.headers[.location] = AdminURL.home.path + "?published=\(version.id)"
        return response
    }

    // MARK: Helpers

    /// Runs `body` holding the lock every instance and the CLI take for imports and publishing;
    /// ``LockHeld`` when someone else holds it. Without Redis there is one instance, and the
    /// database keeps each change atomic on its own.
    func withPublishingLock<T: Sendable>(_ body: () async throws -> T) async throws -> T {
        guard let redis else { return try await body() }
        return try await RedisLock(client: redis).withLock(body)
    }

    /// The signed-in session, refreshed for another idle period; `nil` (and the session
    /// cleared) once it has passed its absolute lifetime.
    func activeSession(_ context: Context) -> AdminSession? {
        guard let session = context.sessions.session else { return nil }
        guard Date().timeIntervalSince(session.loggedInAt) < AdminSessionPolicy.absoluteLifetime else {
            context.sessions.clearSession()
            return nil
        }
        context.sessions.withLockedSession { $0?.expiresIn = AdminSessionPolicy.idleTimeout }
        return session
    }

    func notice(_ request: Request) -> String? {
        if let published = request.uri.queryParameters.get("published", as: Int.self) { return "Version \(published) is now published." }
        if let discarded = request.uri.queryParameters.get("discarded", as: Int.self) { return "Draft version \(discarded) was discarded." }
        return nil
    }

    func render<Page: Encodable & Sendable>(
        _ template: Views.Template, _ page: Page, session: AdminSession?, notice: String? = nil, status: HTTPResponse.Status = .ok
    ) -> Response {
        let frame = AdminFrame(
            siteTitle: store.snapshot?.site.title ?? "MyCandidate",
            stylesheetPath: SiteURL.asset(Stylesheet.fileName(version: store.snapshot?.version.id)).path,
            username: session?.username, csrfToken: session?.csrfToken, notice: notice, page: page
        )
        var headers = HTTPFields()
        headers[.contentType] = "text/html; charset=utf-8"
        return Response(status: status, headers: headers, body: .init(byteBuffer: views.admin(template, frame)))
    }

    func message(_ status: HTTPResponse.Status, _ heading: String, _ text: String, link: AdminURL, linkText: String) -> Response {
        render(.adminMessage, AdminMessagePage(heading: heading, message: text, linkPath: link.path, linkText: linkText), session: nil, status: status)
    }

    func forbidden() -> Response {
        message(.forbidden, "Form expired", "That form had expired or came from elsewhere. Please go back, reload and try again.", link: .home, linkText: "Dataset versions")
    }

    func redirect(to url: AdminURL) -> Response {
        Response(status: .seeOther, headers: [.location: url.path])
    }
}

/// Redis down: the admin area says so plainly instead of failing with a 500.
///
/// The store is asked first: the session middleware treats a session it cannot load as no
/// session, which would send a signed-in admin to a sign-in form that cannot work.
struct SessionStoreGuard<Context: RequestContext>: RouterMiddleware {
    let redis: RedisClient?
    let unavailable: Response

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        if let redis {
            do {
                _ = try await redis.send(["PING"])
            } catch {
                context.logger.error("session store unavailable", metadata: ["error": "\(error)"])
                return unavailable
            }
        }
        do {
            return try await next(request, context)
        } catch let error as RedisError {
            context.logger.error("session store unavailable", metadata: ["error": "\(error)"])
            return unavailable
        }
    }
}

/// Admin pages hold personal and unpublished data: no cache anywhere may keep them.
struct NoStoreMiddleware<Context: RequestContext>: RouterMiddleware {
    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        var response = try await next(request, context)
        response.headers[.cacheControl] = "no-store"
        return response
    }
}
