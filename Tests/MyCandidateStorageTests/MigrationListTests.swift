@testable import MyCandidateStorage
import Testing

@Suite("Migration list")
struct MigrationListTests {
    @Test("names are numbered from 0001 without gaps and verb-first")
    func naming() throws {
        for (index, migration) in Migration.all.enumerated() {
            let parts = migration.name.split(separator: "_", maxSplits: 1)
            #expect(parts.count == 2)
            #expect(Int(parts[0]) == index + 1)
            #expect(parts[0].count == 4)
            #expect(parts.last?.first?.isUppercase == true)
        }
    }

    @Test("no table has a column for national ID numbers")
    func noNationalID() {
        let schema = Migration.all.flatMap { $0.sqlite + $0.postgres }.joined(separator: "\n").lowercased()
        #expect(!schema.contains("national_id"))
        #expect(!schema.contains("id_number"))
    }

    @Test("pending migrations keep their order; unknown applied names are refused")
    func pending() throws {
        let first = Migration(name: "0001_CreateA") { _ in [] }
        let second = Migration(name: "0002_AddB") { _ in [] }
        #expect(try MigrationLedger.pending(applied: [], known: [first, second]).map(\.name) == ["0001_CreateA", "0002_AddB"])
        #expect(try MigrationLedger.pending(applied: ["0001_CreateA"], known: [first, second]).map(\.name) == ["0002_AddB"])
        #expect(throws: StorageError.unknownMigrations(["0003_DropC", "0004_DropD"])) {
            try MigrationLedger.pending(applied: ["0001_CreateA", "0004_DropD", "0003_DropC"], known: [first, second])
        }
    }
}
