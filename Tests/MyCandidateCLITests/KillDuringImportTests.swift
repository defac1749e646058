import Foundation
import Testing

/// A crash in the middle of an import must leave the published version intact and served.
@Suite(.serialized) struct KillDuringImportTests {
    @Test func killNineMidTransactionLeavesThePublishedVersionIntact() async throws {
        let cli = try CLI()
        let small = try cli.write("small.csv", partyListCSV(rows: 100, surnamePrefix: "First"))
        #expect(try cli.run("import", small, "--ballot", "national", "--area-column", "list_type").status == 0)
        let server = try await Server.start(cli)
        defer { server.stop() }
        #expect(try await server.get("/healthz") == #"{"status":"ok","dataset_version":1}"#)

        let big = try cli.write("big.csv", partyListCSV(rows: 300_000, surnamePrefix: "Second"))
        let wal = cli.folder.appendingPathComponent("db.sqlite-wal").path
        let walBefore = (try? FileManager.default.attributesOfItem(atPath: wal)[.size] as? Int) ?? 0
        let (process, _, _) = try cli.start(["import", big, "--ballot", "national", "--area-column", "list_type"])

        // The write-ahead log grows only while the import's transaction writes rows: kill then.
        // Watched from a thread of its own: with every suite running, a Task.sleep of 5 ms can
        // take long enough for the whole transaction to commit in between.
        let pid = process.processIdentifier
        let killedMidWrite = await withCheckedContinuation { continuation in
            Thread.detachNewThread {
                let deadline = Date().addingTimeInterval(120)
                while Date() < deadline && kill(pid, 0) == 0 {
                    let size = (try? FileManager.default.attributesOfItem(atPath: wal)[.size] as? Int) ?? 0
                    if size > walBefore + 2_000_000 {
                        kill(pid, SIGKILL)
                        continuation.resume(returning: true)
                        return
                    }
                    usleep(2_000)
                }
                continuation.resume(returning: false)
            }
        }
        process.waitUntilExit()
        #expect(killedMidWrite, "the import finished before it could be killed mid-write")
        #expect(process.terminationReason == .uncaughtSignal)

        let list = try cli.run("datasets", "list", "--json")
        #expect(list.status == 0, "\(list.stderr)")
        #expect(list.stdout.components(separatedBy: #""id" :"#).count == 2, "only version 1 may exist: \(list.stdout)")
        #expect(list.stdout.contains(#""candidates" : 100"#))
        #expect(list.stdout.contains(#""status" : "published""#))
        // The running server never noticed: it still serves version 1.
        #expect(try await server.get("/healthz") == #"{"status":"ok","dataset_version":1}"#)
        #expect(try await server.get("/ballots/national/areas/area-0").contains("First 0"))

        // The next import succeeds and is complete.
        let again = try cli.run("import", big, "--ballot", "national", "--area-column", "list_type", "--json")
        #expect(again.status == 0, "\(again.stderr)")
        #expect(again.stdout.contains(#""candidates":300000"#))
        #expect(again.stdout.contains(#""version":2"#))

        // The server picks up the new published version by polling, without a restart.
        var served = ""
        for _ in 0..<100 where !served.contains("dataset_version\":2") {
            try await Task.sleep(for: .milliseconds(100))
            served = (try? await server.get("/healthz")) ?? ""
        }
        #expect(served == #"{"status":"ok","dataset_version":2}"#)
        #expect(try await server.get("/ballots/national/areas/area-0").contains("Second 0"))
    }

    /// With Redis, a killed import leaves the publishing lock behind: the next import is told
    /// someone is importing until the lock expires (30 s), and then succeeds. Uses a database
    /// of its own so no other suite sees the lock.
    @Test(.enabled(if: RedisForCLITests.enabled, "needs REDIS_URL"))
    func aKilledImportsLockExpiresAndTheNextImportSucceeds() async throws {
        let redisURL = try #require(RedisForCLITests.url(database: 3), "CI=true needs REDIS_URL")
        let cli = try CLI()
        let withRedis = ["REDIS_URL": redisURL]
        let small = try cli.write("small.csv", partyListCSV(rows: 100, surnamePrefix: "First"))
        let big = try cli.write("big.csv", partyListCSV(rows: 200_000, surnamePrefix: "Second"))
        #expect(try cli.run("import", small, "--ballot", "national", "--area-column", "list_type").status == 0)

        let wal = cli.folder.appendingPathComponent("db.sqlite-wal").path
        let walBefore = (try? FileManager.default.attributesOfItem(atPath: wal)[.size] as? Int) ?? 0
        let (process, _, _) = try cli.start(["import", big, "--ballot", "national", "--area-column", "list_type"], environment: withRedis)
        let deadline = Date().addingTimeInterval(120)
        while process.isRunning && Date() < deadline {
            let size = (try? FileManager.default.attributesOfItem(atPath: wal)[.size] as? Int) ?? 0
            if size > walBefore + 1_000_000 { break }
            try await Task.sleep(for: .milliseconds(5))
        }
        // Whether or not the transaction had committed, the lock is left behind.
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
        let killedAt = Date()

        let refused = try cli.run("import", small, "--ballot", "national", "--area-column", "list_type", environment: withRedis)
        #expect(refused.status != 0)
        #expect(refused.stderr.contains("another import or publish is running"), "\(refused.stderr)")

        var next = refused
        while next.status != 0 && Date().timeIntervalSince(killedAt) < 60 {
            try await Task.sleep(for: .seconds(2))
            next = try cli.run("import", small, "--ballot", "national", "--area-column", "list_type", "--json", environment: withRedis)
        }
        #expect(next.status == 0, "the lock never expired: \(next.stderr)")
        #expect(Date().timeIntervalSince(killedAt) > 20, "the lock should have held for most of its 30 s")
        let list = try cli.run("datasets", "list", "--json")
        #expect(list.stdout.contains(#""status" : "published""#))
        #expect(list.stdout.contains(#""candidates" : 100"#))
    }
}

/// The Redis `.ci/run` starts, for the one CLI test about the publishing lock.
enum RedisForCLITests {
    static let base: String? = ProcessInfo.processInfo.environment["REDIS_URL"].flatMap { $0.isEmpty ? nil : $0 }

    static let enabled: Bool = {
        if base != nil || ProcessInfo.processInfo.environment["CI"] == "true" { return true }
        print("REDIS_URL unset: the CLI's publishing-lock test is skipped")
        return false
    }()

    /// `REDIS_URL` with its database replaced by `database`.
    static func url(database: Int) -> String? {
        guard var components = base.flatMap(URLComponents.init(string:)) else { return nil }
        components.path = "/\(database)"
        return components.string
    }
}
