import Foundation
import Testing

#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

@Suite struct AssetsCommandTests {
    /// What the deploy copies to the CDN's bucket is byte for byte what the server answers at
    /// the same /static/ path, and every script a page links to is among it.
    @Test func exportedFilesAreWhatTheServerServes() async throws {
        let cli = try CLI()
        let folder = cli.folder.appendingPathComponent("static")
        let result = try cli.run("assets", "export", folder.path)
        #expect(result.status == 0, "\(result.stderr)")
        let names = try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted()
        #expect(names.count == 5)
        #expect(result.stdout.split(separator: "\n").map { $0.dropFirst("static/".count) }.sorted() == names.map { Substring($0) })
        #expect(names.allSatisfy { $0.hasSuffix(".js") }, "the stylesheet depends on the dataset and stays with the server")

        #expect(try cli.run("import", "--demo").status == 0)
        let server = try await Server.start(cli)
        defer { server.stop() }
        for name in names {
            let served = try await server.get("/static/\(name)")
            let exported = try String(contentsOf: folder.appendingPathComponent(name), encoding: .utf8)
            #expect(served == exported, "\(name)")
        }
        let home = try await server.get("/search")
        let linked = home.matches(of: /\/static\/([a-z-]+\.[0-9a-f]{16}\.js)/).map { String($0.output.1) }
        #expect(!linked.isEmpty)
        #expect(Set(linked).isSubset(of: names))
    }

    @Test func anUnwritableFolderIsNamed() throws {
        let cli = try CLI()
        let file = try cli.write("not-a-folder", "x")
        let result = try cli.run("assets", "export", file + "/static")
        #expect(result.status != 0)
        #expect(result.stderr.contains("not-a-folder/static"), "\(result.stderr)")
    }
}
