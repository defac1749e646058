import ArgumentParser
import Foundation
import MyCandidateWeb

/// `mycandidate assets export DIR`: the files a CDN may serve from a bucket, for the deploy
/// to copy there before the new release takes traffic.
struct AssetsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "assets",
        abstract: "Static files for a CDN bucket.",
        subcommands: [Export.self]
    )

    struct Export: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Write the fingerprinted scripts served under /static/ into a folder.",
            discussion: """
                Each file keeps the name the pages link to, which changes whenever its content \
                does, so copies of older releases can stay beside the new ones. The stylesheet \
                is not written: it carries the published dataset's colours and always comes \
                from the server. Upload with Cache-Control "\(StaticFiles.cacheControl)".
                """
        )

        @Argument(help: "Folder to write into; created if missing. Existing files of the same name are replaced.")
        var directory: String

        func run() throws {
            let folder = URL(fileURLWithPath: directory, isDirectory: true)
            do {
                try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            } catch {
                throw ValidationError("cannot create \(directory): \(error.localizedDescription)")
            }
            for file in StaticFiles.scripts {
                let path = folder.appendingPathComponent(file.name)
                do {
                    try Data(file.contents).write(to: path, options: .atomic)
                } catch {
                    throw ValidationError("cannot write \(path.path): \(error.localizedDescription)")
                }
                print("static/\(file.name)")
            }
        }
    }
}
