import Foundation
import Testing

@Suite(.serialized) struct UsersCommandTests {
    @Test func accountsAreAddedChangedListedAndRemoved() throws {
        let cli = try CLI()
        #expect(try cli.run("users", "list").stdout.contains("no users yet"))
        let added = try cli.run(["users", "add", "amani@example.org"], input: "a long enough passphrase\n")
        #expect(added.status == 0, "\(added.stderr)")
        let list = try cli.run("users", "list")
        #expect(list.stdout.contains("amani@example.org"))
        #expect(!list.stdout.contains("passphrase"))

        let again = try cli.run(["users", "add", "amani@example.org"], input: "another long passphrase\n")
        #expect(again.status != 0)
        #expect(again.stderr.contains(#"there is already a user "amani@example.org""#))

        let changed = try cli.run(["users", "set-password", "amani@example.org"], input: "a different passphrase\n")
        #expect(changed.status == 0, "\(changed.stderr)")
        let removed = try cli.run("users", "remove", "amani@example.org")
        #expect(removed.status == 0)
        #expect(try cli.run("users", "list").stdout.contains("no users yet"))
    }

    @Test(arguments: [
        (["users", "add", "zoe"], "short\n", "at least 12 characters"),
        (["users", "add", "zoe"], "", "no password on standard input"),
        (["users", "add", "zoezoezoezoezoe"], "ZOEZOEZOEZOEZOE\n", "must not be the user name"),
        (["users", "add", "zoe"], String(repeating: "é", count: 40) + "\n", "at most 72 bytes"),
        (["users", "add", "Zoe Smith"], "a long enough passphrase\n", "lowercase letters"),
        (["users", "set-password", "nobody"], "a long enough passphrase\n", #"there is no user "nobody""#),
        (["users", "remove", "nobody"], "", #"there is no user "nobody""#),
    ])
    func refusalsSayWhyAndStoreNothing(arguments: [String], input: String, message: String) throws {
        let cli = try CLI()
        let result = try cli.run(arguments, input: input)
        #expect(result.status != 0)
        #expect(result.stderr.contains(message), "\(result.stderr)")
        #expect(try cli.run("users", "list").stdout.contains("no users yet"))
    }
}
