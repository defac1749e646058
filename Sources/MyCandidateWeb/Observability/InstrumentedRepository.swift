import MyCandidateDomain
import MyCandidateStorage
import Tracing

/// The repository with every call timed, counted when it fails and, with tracing on, wrapped in
/// a client span (`db.dataset`, `db.store`, ...) that is a child of whatever span is current: a
/// request's, or the snapshot refresh's.
///
/// The one call that is not always traced is `publishedVersionID`: every instance polls it every
/// few seconds, and a root trace per poll would drown the traces that matter. It gets a span
/// when something else is being traced (an admin request that publishes), and is timed always.
///
/// A call that fails for a reason other than a ``StorageError`` (which the database gave as an
/// answer) sets `mycandidate_database_up` to 0; the next call that succeeds sets it back to 1, and
/// the snapshot poll makes such a call every few seconds. Spans carry the operation and the
/// engine, never an argument such as a user name.
struct InstrumentedRepository: DatasetRepository, UserRepository, AuditRepository {
    let base: any Repository
    let metrics: AppMetrics
    let tracer: (any Tracer)?
    /// `db.system` of the spans: `postgresql` or `sqlite`.
    let system: String

    init(_ base: any Repository, location: DatabaseLocation, metrics: AppMetrics, tracer: (any Tracer)?) {
        self.base = base
        self.metrics = metrics
        self.tracer = tracer
        self.system = location.isEmbedded ? "sqlite" : "postgresql"
    }

    private func measure<T: Sendable>(
        _ operation: String, alwaysTraced: Bool = true, _ body: () async throws -> T
    ) async throws -> T {
        let measured = metrics.databaseOperation(operation)
        let start = ContinuousClock.now
        var span: (any Span)?
        if let tracer, alwaysTraced || ServiceContext.current != nil {
            let started = tracer.startSpan("db.\(operation)", context: ServiceContext.current ?? .topLevel, ofKind: .client)
            started.updateAttributes { attributes in
                attributes["db.system"] = system
                attributes["db.operation.name"] = operation
            }
            span = started
        }
        defer { span?.end() }
        do {
            let result: T
            if let span {
                result = try await ServiceContext.$current.withValue(span.context) { try await body() }
            } else {
                result = try await body()
            }
            measured.duration.record(duration: ContinuousClock.now - start)
            metrics.databaseUp.record(1)
            return result
        } catch {
            measured.duration.record(duration: ContinuousClock.now - start)
            measured.errors.increment()
            if !(error is StorageError) { metrics.databaseUp.record(0) }
            span?.recordError(error)
            span?.setStatus(SpanStatus(code: .error))
            throw error
        }
    }

    // MARK: DatasetRepository

    func migrate() async throws -> [String] {
        try await measure("migrate") { try await base.migrate() }
    }

    func store(_ dataset: Dataset, sources: [SourceFile], publish: Bool, importedBy: String?) async throws -> DatasetVersion {
        try await measure("store") { try await base.store(dataset, sources: sources, publish: publish, importedBy: importedBy) }
    }

    func versions() async throws -> [DatasetVersion] {
        try await measure("versions") { try await base.versions() }
    }

    func version(id: Int) async throws -> DatasetVersion? {
        try await measure("version") { try await base.version(id: id) }
    }

    func publishedVersionID() async throws -> Int? {
        try await measure("publishedVersionID", alwaysTraced: false) { try await base.publishedVersionID() }
    }

    func dataset(version id: Int) async throws -> Dataset {
        try await measure("dataset") { try await base.dataset(version: id) }
    }

    func publish(version id: Int) async throws -> DatasetVersion {
        try await measure("publish") { try await base.publish(version: id) }
    }

    func rollback() async throws -> DatasetVersion {
        try await measure("rollback") { try await base.rollback() }
    }

    func discard(version id: Int) async throws {
        try await measure("discard") { try await base.discard(version: id) }
    }

    func shutdown() async {
        await base.shutdown()
    }

    // MARK: UserRepository

    func addUser(username: String, passwordHash: String) async throws -> AdminUser {
        try await measure("addUser") { try await base.addUser(username: username, passwordHash: passwordHash) }
    }

    func users() async throws -> [AdminUser] {
        try await measure("users") { try await base.users() }
    }

    func user(username: String) async throws -> AdminUser? {
        try await measure("user") { try await base.user(username: username) }
    }

    func setPasswordHash(username: String, passwordHash: String) async throws {
        try await measure("setPasswordHash") { try await base.setPasswordHash(username: username, passwordHash: passwordHash) }
    }

    func removeUser(username: String) async throws {
        try await measure("removeUser") { try await base.removeUser(username: username) }
    }

    // MARK: AuditRepository

    func record(_ entry: AuditEntry) async throws {
        try await measure("record") { try await base.record(entry) }
    }

    func auditEntries(before id: Int?, limit: Int) async throws -> [AuditRecord] {
        try await measure("auditEntries") { try await base.auditEntries(before: id, limit: limit) }
    }
}
