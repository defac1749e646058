import Foundation
import MyCandidateStorage
import Testing

@Suite struct UserRepositoryTests {
    @Test("accounts are added, listed, changed and removed", arguments: Engine.all)
    func lifecycle(engine: Engine) async throws {
        try await withRepository(engine) { repository in
            #expect(try await repository.users().isEmpty)
            let zoe = try await repository.addUser(username: "zoe", passwordHash: "$2b$12$first")
            _ = try await repository.addUser(username: "amani@example.org", passwordHash: "$2b$12$other")
            #expect(zoe.passwordHash == "$2b$12$first")
            #expect(zoe.createdAt == zoe.passwordChangedAt)
            #expect(try await repository.users().map(\.username) == ["amani@example.org", "zoe"])

            try await repository.setPasswordHash(username: "zoe", passwordHash: "$2b$12$second")
            let changed = try #require(try await repository.user(username: "zoe"))
            #expect(changed.passwordHash == "$2b$12$second")
            #expect(changed.passwordChangedAt >= zoe.passwordChangedAt)
            #expect(abs(changed.createdAt.timeIntervalSince(zoe.createdAt)) < 0.001)

            try await repository.removeUser(username: "zoe")
            #expect(try await repository.user(username: "zoe") == nil)
            #expect(try await repository.users().map(\.username) == ["amani@example.org"])
        }
    }

    @Test("a taken name and an unknown name are errors that change nothing", arguments: Engine.all)
    func conflicts(engine: Engine) async throws {
        try await withRepository(engine) { repository in
            _ = try await repository.addUser(username: "zoe", passwordHash: "$2b$12$first")
            await #expect(throws: StorageError.userExists("zoe")) {
                try await repository.addUser(username: "zoe", passwordHash: "$2b$12$second")
            }
            #expect(try await repository.user(username: "zoe")?.passwordHash == "$2b$12$first")
            await #expect(throws: StorageError.userNotFound("nobody")) {
                try await repository.setPasswordHash(username: "nobody", passwordHash: "x")
            }
            await #expect(throws: StorageError.userNotFound("nobody")) { try await repository.removeUser(username: "nobody") }
            #expect(try await repository.users().count == 1)
        }
    }
}
