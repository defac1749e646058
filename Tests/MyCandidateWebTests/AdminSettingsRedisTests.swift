import Foundation
import Hummingbird
import HummingbirdTesting
@testable import MyCandidateWeb
import MyCandidateRedis
import Testing

/// Saving site settings with Redis: part of ``RedisIntegrationTests`` (serialized, as its tests
/// share the publishing lock), so a held lock here never meets a publish there.
extension RedisIntegrationTests {
    @Test func savedSettingsReachTheOtherInstanceAtOnce() async throws {
        try await withTwoInstances { first, _, secondClient in
            var fields = try await AdminSettingsTests.openForm(first)
            fields["title"] = "Settings Through Redis"
            #expect(try await first.post("/admin/settings", fields).headers[.location] == "/admin/settings?saved=3")
            var home = ""
            for _ in 0..<50 where !home.contains("Settings Through Redis") {
                try await Task.sleep(for: .milliseconds(100))
                home = try await secondClient.execute(uri: "/", method: .get) { String(buffer: $0.body) }
            }
            #expect(home.contains("<strong>Settings Through Redis</strong>"), "the second instance still serves the old title")
        }
    }

    @Test func aSettingsSaveWaitsForNobodyWhileTheLockIsHeld() async throws {
        try await withTwoInstances { first, _, _ in
            let client = try RedisClient(configuration: try #require(RedisTestServer.configuration))
            let lock = RedisLock(client: client)
            let token = try #require(try await lock.acquire(), "the lock was left held")
            var fields = try await AdminSettingsTests.openForm(first)
            fields["title"] = "Saved After The Lock"
            let refused = try await first.post("/admin/settings", fields)
            #expect(refused.status == .conflict)
            #expect(String(buffer: refused.body).contains("Another import or publish is running"))
            #expect(try await AdminSettingsTests.versionCount(first) == 2)
            try await lock.release(token)
            #expect(try await first.post("/admin/settings", fields).headers[.location] == "/admin/settings?saved=3")
            await client.shutdown()
        }
    }
}
