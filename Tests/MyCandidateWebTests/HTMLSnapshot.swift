import Foundation
import Testing

/// Compares rendered HTML with a file under `Snapshots/`; run with `UPDATE_SNAPSHOTS=1` to
/// rewrite them after an intended change, then review the diff.
enum HTMLSnapshot {
    static func assert(_ html: String, named name: String, sourceLocation: SourceLocation = #_sourceLocation) throws {
        let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Snapshots")
        let file = folder.appendingPathComponent(name + ".html")
        let update = ProcessInfo.processInfo.environment["UPDATE_SNAPSHOTS"] == "1"
        // Import and publication dates would make snapshots change every day.
        let stable = html.replacing(/\b\d{4}-\d{2}-\d{2}\b/, with: "YYYY-MM-DD")
        guard !update, let recorded = try? String(contentsOf: file, encoding: .utf8) else {
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            try stable.write(to: file, atomically: true, encoding: .utf8)
            if !update { Issue.record("recorded a new snapshot \(name).html; check it and run again", sourceLocation: sourceLocation) }
            return
        }
        #expect(stable == recorded, "\(name).html differs from the rendered page", sourceLocation: sourceLocation)
    }
}
