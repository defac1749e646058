import Foundation
import MyCandidateDomain
@testable import MyCandidateStorage
import Testing

/// The behaviour every ``DatasetRepository`` must have, run against each engine.
@Suite("Dataset repository")
struct DatasetRepositoryTests {
    @Test("a stored dataset loads back equal, field for field", arguments: Engine.all)
    func roundTrip(engine: Engine) async throws {
        try await withRepository(engine) { repository in
            let dataset = DatasetFixtures.small()
            let version = try await repository.store(dataset, sources: DatasetFixtures.sources, publish: true, importedBy: "amani")

            #expect(version.status == .published)
            #expect(version.importedBy == "amani")
            #expect(version.sources == DatasetFixtures.sources)
            #expect(version.counts == DatasetCounts(ballots: 2, areas: 4, parties: 3, candidates: 6))
            let publishedAt = try #require(version.publishedAt)
            #expect(abs(publishedAt.timeIntervalSinceNow) < 60)
            #expect(abs(version.createdAt.timeIntervalSinceNow) < 60)

            let loaded = try await repository.dataset(version: version.id)
            #expect(loaded == dataset)
            #expect(loaded.areas.first { $0.id == "kwazulu-natal" }?.name == "KwaZulu\u{2010}Natal")
            #expect(loaded.candidates[3].partyKey == nil)
            #expect(loaded.candidates[0].extra["note"] == "Said \"hello\"\\ on line 1\nline 2\t\u{1}")
            #expect(loaded.ballots[0].partyOrder == ["anc", "da"])

            #expect(try await repository.version(id: version.id) == version)
            #expect(try await repository.versions() == [version])
            #expect(try await repository.publishedVersionID() == version.id)
            let anonymous = try await repository.store(dataset, sources: [], publish: false)
            #expect(anonymous.importedBy == nil)
        }
    }

    @Test("candidates come back in insert order across several bulk statements", arguments: Engine.all)
    func manyCandidatesKeepOrder(engine: Engine) async throws {
        try await withRepository(engine) { repository in
            // More rows than one SQLite statement (2,978) or one test PostgreSQL chunk (1,000) takes.
            let dataset = DatasetFixtures.generated(candidates: 7_001, wards: 1_500)
            let version = try await repository.store(dataset, sources: [], publish: false)
            #expect(version.counts == DatasetCounts(ballots: 2, areas: 1_501, parties: 40, candidates: 7_001))
            let loaded = try await repository.dataset(version: version.id)
            #expect(loaded.candidates.count == 7_001)
            #expect(loaded.candidates.map(\.surname) == dataset.candidates.map(\.surname))
            #expect(loaded == dataset)
        }
    }

    @Test("publishing supersedes the previous version and rollback restores it", arguments: Engine.all)
    func publishAndRollback(engine: Engine) async throws {
        try await withRepository(engine) { repository in
            let first = try await repository.store(DatasetFixtures.small(title: "First"), sources: [], publish: true)
            let second = try await repository.store(DatasetFixtures.small(title: "Second"), sources: [], publish: true)
            #expect(try await repository.publishedVersionID() == second.id)
            #expect(try await repository.version(id: first.id)?.status == .superseded)
            #expect(second.status == .published)
            #expect(try await repository.versions().map(\.id) == [second.id, first.id])

            let restored = try await repository.rollback()
            #expect(restored.id == first.id)
            #expect(restored.status == .published)
            #expect(try await repository.publishedVersionID() == first.id)
            #expect(try await repository.version(id: second.id)?.status == .superseded)
            #expect(try await repository.dataset(version: first.id).site.title == "First")

            // Rolling back again returns to the version published before the current one.
            let again = try await repository.rollback()
            #expect(again.id == second.id)
            #expect(try await repository.versions().map(\.status) == [.published, .superseded])

            let republished = try await repository.publish(version: first.id)
            #expect(republished.status == .published)
            #expect(try await repository.publishedVersionID() == first.id)
            // Publishing the published version changes nothing.
            #expect(try await repository.publish(version: first.id) == republished)
        }
    }

    @Test("a version stored without publishing is a draft and is not served", arguments: Engine.all)
    func draftIsNotServed(engine: Engine) async throws {
        try await withRepository(engine) { repository in
            #expect(try await repository.publishedVersionID() == nil)
            let live = try await repository.store(DatasetFixtures.small(title: "Live"), sources: [], publish: true)
            let draft = try await repository.store(DatasetFixtures.small(title: "Draft"), sources: [], publish: false)
            #expect(draft.status == .draft)
            #expect(draft.publishedAt == nil)
            #expect(try await repository.publishedVersionID() == live.id)
            #expect(try await repository.version(id: live.id)?.status == .published)
            #expect(try await repository.dataset(version: draft.id).site.title == "Draft")

            let published = try await repository.publish(version: draft.id)
            #expect(published.status == .published)
            #expect(published.publishedAt != nil)
            #expect(try await repository.publishedVersionID() == draft.id)
            #expect(try await repository.version(id: live.id)?.status == .superseded)
        }
    }

    @Test("a draft can be discarded with all its rows; published versions cannot", arguments: Engine.all)
    func discardDraft(engine: Engine) async throws {
        try await withRepository(engine) { repository in
            let live = try await repository.store(DatasetFixtures.small(title: "Live"), sources: [], publish: true)
            let draft = try await repository.store(DatasetFixtures.generated(candidates: 500, wards: 60), sources: [], publish: false)
            try await repository.discard(version: draft.id)
            #expect(try await repository.versions().map(\.id) == [live.id])
            await #expect(throws: StorageError.versionNotFound(draft.id)) { try await repository.dataset(version: draft.id) }
            await #expect(throws: StorageError.versionNotFound(draft.id)) { try await repository.discard(version: draft.id) }
            await #expect(throws: StorageError.notADraft(live.id)) { try await repository.discard(version: live.id) }

            // A superseded version is history for rollback: it stays too.
            let next = try await repository.store(DatasetFixtures.small(title: "Next"), sources: [], publish: true)
            await #expect(throws: StorageError.notADraft(live.id)) { try await repository.discard(version: live.id) }
            #expect(try await repository.publishedVersionID() == next.id)
            #expect(try await repository.dataset(version: live.id) == DatasetFixtures.small(title: "Live"))
            // The same rows can be stored again: nothing of the discarded draft was left behind.
            let again = try await repository.store(DatasetFixtures.generated(candidates: 500, wards: 60), sources: [], publish: false)
            #expect(try await repository.dataset(version: again.id).candidates.count == 500)
        }
    }

    @Test("unknown versions are reported as not found", arguments: Engine.all)
    func versionNotFound(engine: Engine) async throws {
        try await withRepository(engine) { repository in
            let missing = try await repository.version(id: 999)
            #expect(missing == nil)
            await #expect(throws: StorageError.versionNotFound(999)) {
                try await repository.publish(version: 999)
            }
            await #expect(throws: StorageError.versionNotFound(999)) {
                try await repository.dataset(version: 999)
            }
            let versions = try await repository.versions()
            #expect(versions.isEmpty)
        }
    }

    @Test("rollback needs a previously published version", arguments: Engine.all)
    func nothingToRollBackTo(engine: Engine) async throws {
        try await withRepository(engine) { repository in
            await #expect(throws: StorageError.nothingToRollBackTo) { try await repository.rollback() }
            let draft = try await repository.store(DatasetFixtures.small(), sources: [], publish: false)
            await #expect(throws: StorageError.nothingToRollBackTo) { try await repository.rollback() }
            _ = try await repository.publish(version: draft.id)
            await #expect(throws: StorageError.nothingToRollBackTo) { try await repository.rollback() }
            #expect(try await repository.publishedVersionID() == draft.id)
        }
    }

    @Test("migrating applies every migration once; a second run is a no-op", arguments: Engine.all)
    func migrateTwice(engine: Engine) async throws {
        try await withRepository(engine, schema: .empty) { repository in
            #expect(try await repository.migrate() == ["0001_CreateDatasetTables", "0002_CreateAdminUsers", "0003_AddImportedBy", "0004_CreateAuditLog"])
            #expect(try await repository.migrate() == [])
            let version = try await repository.store(DatasetFixtures.small(), sources: [], publish: true)
            #expect(try await repository.publishedVersionID() == version.id)
        }
    }

    @Test("a database migrated by a newer build is refused", arguments: Engine.all)
    func unknownMigrationRefused(engine: Engine) async throws {
        try await withRepository(engine) { repository in
            let future = Migration(name: "9999_CreateFutureTable") { _ in ["CREATE TABLE future_table (id INTEGER)"] }
            let applied = try await migrate(repository, known: Migration.all + [future])
            #expect(applied == ["9999_CreateFutureTable"])
            await #expect(throws: StorageError.unknownMigrations(["9999_CreateFutureTable"])) {
                try await repository.migrate()
            }
        }
    }

    @Test("a store that violates a constraint leaves no trace", arguments: Engine.all)
    func failedStoreLeavesNoTrace(engine: Engine) async throws {
        try await withRepository(engine) { repository in
            let live = try await repository.store(DatasetFixtures.small(title: "Live"), sources: [], publish: true)

            var unknownArea = DatasetFixtures.small(title: "Broken")
            unknownArea.candidates.append(
                Candidate(ballotKey: "ward", areaID: "nowhere", partyKey: nil, givenNames: "A", surname: "B")
            )
            await #expect(throws: (any Error).self) {
                try await repository.store(unknownArea, sources: [], publish: true)
            }

            var duplicateParty = DatasetFixtures.small(title: "Broken")
            duplicateParty.parties.append(Party(key: "anc", name: "Another ANC"))
            await #expect(throws: (any Error).self) {
                try await repository.store(duplicateParty, sources: [], publish: true)
            }

            var unknownParent = DatasetFixtures.small(title: "Broken")
            unknownParent.areas.append(Area(id: "orphan", code: "O", name: "Orphan", level: "ward", parentID: "missing"))
            await #expect(throws: (any Error).self) {
                try await repository.store(unknownParent, sources: [], publish: true)
            }

            #expect(try await repository.versions() == [live])
            #expect(try await repository.publishedVersionID() == live.id)
            #expect(try await repository.dataset(version: live.id) == DatasetFixtures.small(title: "Live"))

            // The repository stays usable after the failures.
            let next = try await repository.store(DatasetFixtures.small(title: "Next"), sources: [], publish: true)
            #expect(try await repository.publishedVersionID() == next.id)
            #expect(try await repository.versions().map(\.id) == [next.id, live.id])
        }
    }

    @Test("a store cancelled before it finishes leaves no trace", arguments: Engine.all)
    func cancelledStoreLeavesNoTrace(engine: Engine) async throws {
        try await withRepository(engine) { repository in
            let live = try await repository.store(DatasetFixtures.small(title: "Live"), sources: [], publish: true)
            let dataset = DatasetFixtures.generated(candidates: 5_000)
            let store = Task {
                // Cancelled from the start, so the store stops at its first cancellation check,
                // after the version row has been inserted.
                withUnsafeCurrentTask { $0?.cancel() }
                return try await repository.store(dataset, sources: [], publish: true)
            }
            await #expect(throws: CancellationError.self) { try await store.value }

            #expect(try await repository.versions() == [live])
            #expect(try await repository.publishedVersionID() == live.id)
        }
    }
}
