import Foundation
import Logging
@testable import MyCandidateStorage
import Testing

@Suite struct SQLiteShutdownTests {
    /// A service group shuts the repository down from a cancelled task. The connections must
    /// still close: sqlite-nio asserts on an open connection's deinit, so a regression crashes
    /// this test in debug builds, and the query afterwards must fail because the handle is gone.
    @Test func shutdownFromACancelledTaskClosesTheConnections() async throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("shutdown-\(UUID().uuidString).sqlite").path
        let repository = try await SQLiteDatasetRepository.open(path: path, logger: Logger(label: "test"))
        _ = try await repository.migrate()
        let task = Task {
            withUnsafeCurrentTask { $0?.cancel() }
            await repository.shutdown()
        }
        await task.value
        await #expect(throws: (any Error).self) { try await repository.publishedVersionID() }
    }
}
