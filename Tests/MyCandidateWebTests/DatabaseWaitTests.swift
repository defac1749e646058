import Foundation
import Logging
import MyCandidateStorage
import MyCandidateTestSupport
import Synchronization
import Testing
@testable import MyCandidateWeb

@Suite struct DatabaseWaitTests {
    struct Refused: Error, CustomStringConvertible {
        var description: String { "connection refused" }
    }

    @Test func backoffDoublesFromHalfASecondUpToFive() {
        let backoff = StartupBackoff()
        #expect((1...7).map { backoff.delay(after: $0) } == [
            .milliseconds(500), .seconds(1), .seconds(2), .seconds(4), .seconds(5), .seconds(5), .seconds(5),
        ])
    }

    @Test func waitsUntilTheDatabaseAnswersAndLogsWhy() async throws {
        let attempts = Mutex(0)
        let logs = LogRecords()
        try await waitForDatabase(
            .postgres(PostgresLocation(host: "db.internal", username: "app", password: "secret", database: "x")),
            timeout: .seconds(10), backoff: StartupBackoff(first: .milliseconds(10), cap: .milliseconds(40)),
            logger: logs.logger
        ) { _ in
            let attempt = attempts.withLock { $0 += 1; return $0 }
            if attempt < 4 { throw Refused() }
        }
        #expect(attempts.withLock { $0 } == 4)
        let waits = logs.messages.filter { $0.message == "waiting for the database" }
        #expect(waits.count == 3)
        #expect(waits.allSatisfy { $0.metadata["reason"] == "connection refused" })
        #expect(waits.map { $0.metadata["retry_in"] } == ["0.01 s", "0.02 s", "0.04 s"])
        #expect(!logs.text.contains("secret"), "the password must never be logged")
        #expect(logs.messages.contains { $0.message == "database reachable" && $0.metadata["attempts"] == "4" })
    }

    @Test func givesUpAfterTheTimeoutWithTheLastReason() async throws {
        let clock = ContinuousClock()
        let start = clock.now
        let error = await #expect(throws: DatabaseUnavailable.self) {
            try await waitForDatabase(
                .postgres(PostgresLocation(host: "db.internal", username: "app", password: "secret", database: "x")),
                timeout: .milliseconds(600), backoff: StartupBackoff(first: .milliseconds(50), cap: .milliseconds(100)),
                logger: Logger(label: "test")
            ) { _ in throw Refused() }
        }
        // Bounded by the timeout, not by retrying forever; generous for a loaded machine.
        #expect(clock.now - start < .seconds(10))
        let description = error?.description ?? ""
        #expect(description.contains("connection refused"), "\(description)")
        #expect(description.contains("STARTUP_DB_TIMEOUT"))
        #expect(!description.contains("secret"))
    }

    @Test func anAttemptThatNeverAnswersIsCutShort() async throws {
        let error = await #expect(throws: DatabaseUnavailable.self) {
            try await waitForDatabase(
                .postgres(PostgresLocation(host: "db.internal", username: "app", database: "x")),
                timeout: .zero, backoff: StartupBackoff(), logger: Logger(label: "test")
            ) { _ in try await Task.sleep(for: .seconds(60)) }
        }
        #expect(error?.attempts == 1)
        #expect(error?.reason == "no answer within 1 s")
    }

    @Test func sqliteHasNoServerToWaitFor() async throws {
        try await waitForDatabase(.sqlite(path: "/nonexistent/x.sqlite"), timeout: .zero, logger: Logger(label: "test"))
    }

    /// A real refused connection names its cause, so the log says why start-up waits.
    @Test func aRefusedPostgresConnectionSaysSo() async throws {
        let error = await #expect(throws: DatabaseUnavailable.self) {
            try await waitForDatabase(
                .postgres(PostgresLocation(host: "127.0.0.1", port: 1, username: "app", database: "x", tls: .disable)),
                timeout: .zero, logger: Logger(label: "test")
            )
        }
        #expect(error?.reason.localizedCaseInsensitiveContains("refused") == true, "\(error?.reason ?? "")")
    }
}
