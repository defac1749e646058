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
        var killedMidWrite = false
        let deadline = Date().addingTimeInterval(120)
        while process.isRunning && Date() < deadline {
            let size = (try? FileManager.default.attributesOfItem(atPath: wal)[.size] as? Int) ?? 0
            if size > walBefore + 2_000_000 {
                kill(process.processIdentifier, SIGKILL)
                killedMidWrite = true
                break
            }
            try await Task.sleep(for: .milliseconds(5))
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
}
