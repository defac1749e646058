import ArgumentParser
import Foundation
import MyCandidateDomain

struct DatasetsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "datasets",
        abstract: "List, publish and roll back stored dataset versions.",
        subcommands: [List.self, Publish.self, Rollback.self],
        defaultSubcommand: List.self
    )

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List every stored version, newest first.")

        @Flag(help: "Print JSON instead of a table.")
        var json = false

        func run() async throws {
            let versions = try await Environment.withRepository { try await $0.versions() }
            if json {
                let encoder = JSONEncoder()
                encoder.keyEncodingStrategy = .convertToSnakeCase
                encoder.dateEncodingStrategy = .iso8601
                encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
                print(String(decoding: try encoder.encode(versions), as: UTF8.self))
                return
            }
            if versions.isEmpty {
                print("no dataset versions stored yet; import one with `mycandidate import PATH`")
                return
            }
            print("ID    STATUS      CREATED               CANDIDATES  BY                  SOURCES")
            for version in versions {
                let id = String(version.id).padding(toLength: 6, withPad: " ", startingAt: 0)
                let status = version.status.rawValue.padding(toLength: 12, withPad: " ", startingAt: 0)
                let created = version.createdAt.formatted(.iso8601).padding(toLength: 22, withPad: " ", startingAt: 0)
                let count = String(version.counts.candidates).padding(toLength: 12, withPad: " ", startingAt: 0)
                let by = (version.importedBy ?? "").padding(toLength: 20, withPad: " ", startingAt: 0)
                print(id + status + created + count + by + version.sources.map(\.file).joined(separator: ", "))
            }
        }
    }

    struct Publish: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Publish a stored version; every instance swaps to it.")

        @Argument(help: "The version id (see `datasets list`).")
        var id: Int

        @OptionGroup var actor: ActorOption

        func run() async throws {
            let version = try await Environment.withPublishingLock {
                try await Environment.withRepository { repository in
                    let version = try await repository.publish(version: id)
                    await Environment.audit(.publish, detail: "version \(version.id)", actor: actor.name, in: repository)
                    return version
                }
            }
            await Environment.announcePublished(version.id)
            print("published version \(version.id) (\(version.counts.candidates) candidates)")
        }
    }

    struct Rollback: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Publish again the version published before the current one.")

        @OptionGroup var actor: ActorOption

        func run() async throws {
            let version = try await Environment.withPublishingLock {
                try await Environment.withRepository { repository in
                    let version = try await repository.rollback()
                    await Environment.audit(.rollback, detail: "to version \(version.id)", actor: actor.name, in: repository)
                    return version
                }
            }
            await Environment.announcePublished(version.id)
            print("rolled back: version \(version.id) is published again")
        }
    }
}
