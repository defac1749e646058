import ArgumentParser
import Foundation
import MyCandidateStorage
import MyCandidateWeb

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

struct UsersCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "users",
        abstract: "Manage the accounts that may use the admin area.",
        discussion: """
            Passwords are never taken as arguments (they would show in the process list and the
            shell's history): they are asked for twice at a terminal, or read as the first line
            of standard input otherwise, e.g. from a secret store in a script.
            """,
        subcommands: [Add.self, SetPassword.self, Remove.self, List.self],
        defaultSubcommand: List.self
    )

    struct Add: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Create an account.")

        @Argument(help: "The user name: lowercase letters, digits and . _ - @.")
        var username: String

        @OptionGroup var actor: ActorOption

        func run() async throws {
            try AdminCredentials.validate(username: username)
            let hash = AdminCredentials.hash(password: try PasswordInput.read(for: username))
            try await Environment.withRepository { repository in
                _ = try await repository.addUser(username: username, passwordHash: hash)
                await Environment.audit(.userAdded, detail: username, actor: actor.name, in: repository)
            }
            print("added user \(username)")
        }
    }

    struct SetPassword: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "set-password", abstract: "Give an account a new password.")

        @Argument(help: "The user name.")
        var username: String

        @OptionGroup var actor: ActorOption

        func run() async throws {
            // Fail on an unknown name before asking for a password.
            guard try await Environment.withRepository({ try await $0.user(username: username) }) != nil else {
                throw StorageError.userNotFound(username)
            }
            let hash = AdminCredentials.hash(password: try PasswordInput.read(for: username))
            try await Environment.withRepository { repository in
                try await repository.setPasswordHash(username: username, passwordHash: hash)
                await Environment.audit(.passwordChanged, detail: username, actor: actor.name, in: repository)
            }
            print("changed the password of \(username)")
        }
    }

    struct Remove: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Delete an account.")

        @Argument(help: "The user name.")
        var username: String

        @OptionGroup var actor: ActorOption

        func run() async throws {
            try await Environment.withRepository { repository in
                try await repository.removeUser(username: username)
                await Environment.audit(.userRemoved, detail: username, actor: actor.name, in: repository)
            }
            print("removed user \(username)")
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List the accounts.")

        func run() async throws {
            let users = try await Environment.withRepository { try await $0.users() }
            if users.isEmpty {
                print("no users yet; add one with `mycandidate users add NAME`")
                return
            }
            print("USER                            CREATED               PASSWORD CHANGED")
            for user in users {
                print(
                    user.username.padding(toLength: 32, withPad: " ", startingAt: 0)
                        + user.createdAt.formatted(.iso8601).padding(toLength: 22, withPad: " ", startingAt: 0)
                        + user.passwordChangedAt.formatted(.iso8601)
                )
            }
        }
    }
}

/// Reads a new password without echoing it at a terminal, and checks it against the rules.
enum PasswordInput {
    static func read(for username: String) throws -> String {
        let password: String
        if isatty(STDIN_FILENO) == 1 {
            let first = try prompt("New password for \(username): ")
            guard try prompt("Repeat it: ") == first else { throw PasswordError("the two passwords differ") }
            password = first
        } else {
            guard let line = Swift.readLine(strippingNewline: true), !line.isEmpty else {
                throw PasswordError("no password on standard input")
            }
            password = line
        }
        do { try AdminCredentials.validate(password: password, username: username) } catch {
            throw PasswordError(error.description)
        }
        return password
    }

    private static func prompt(_ text: String) throws -> String {
        guard let entered = getpass(text) else { throw PasswordError("could not read a password from the terminal") }
        return String(cString: entered)
    }
}

/// A password that cannot be used; reported without the usage text a `ValidationError` adds,
/// since the command line itself was fine.
struct PasswordError: Error, CustomStringConvertible {
    let description: String

    init(_ description: String) {
        self.description = description
    }
}
