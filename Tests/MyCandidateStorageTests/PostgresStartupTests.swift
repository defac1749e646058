import Logging
@testable import MyCandidateStorage
import MyCandidateTestSupport
import Testing

@Suite struct PostgresStartupTests {
    /// postgres-nio warns when a query leases a connection before the client's `run()` has begun,
    /// and the repository's first query used to come that early in most starts (13 of 15 by hand).
    @Test(.enabled(if: Engine.all.contains(.postgres), "POSTGRES_TEST_URL unset"))
    func theFirstQueryWaitsForTheClientToRun() async throws {
        let database = try await PostgresTestServer.shared.createDatabase(schema: .migrated)
        do {
            for _ in 0..<20 {
                let logs = LogRecords()
                let repository = PostgresDatasetRepository(location: database.location, logger: logs.logger)
                _ = try await repository.publishedVersionID()
                await repository.shutdown()
                #expect(!logs.text.contains("hasn't been called yet"), "\(logs.text)")
            }
        } catch {
            try? await PostgresTestServer.shared.dropDatabase(database.name)
            throw error
        }
        try await PostgresTestServer.shared.dropDatabase(database.name)
    }
}
