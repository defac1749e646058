import ArgumentParser
import Foundation
import MyCandidateDomain
import MyCandidateImport
import MyCandidateStorage

struct ImportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract: "Validate and store a candidate list as a new dataset version, then publish it.",
        discussion: """
            PATH is a seed workbook (.xlsx), a folder holding one, or — with --ballot and \
            --area-column — one or more CSV files for a single ballot. A CSV import replaces that \
            ballot in the published dataset and keeps everything else. A file with any problem \
            imports nothing: every problem is printed as file:row:column: reason.
            """
    )

    @Argument(help: "A workbook, a folder holding one, or CSV files (with --ballot).")
    var paths: [String] = []

    @Flag(help: "Import the bundled synthetic demo dataset, when the database holds no dataset yet (for a local stack).")
    var demo = false

    @Option(help: "Ballot key the CSV files hold (e.g. ward, national).")
    var ballot: String?

    @Option(help: "Header of the CSV column holding the area code.")
    var areaColumn: String?

    @Option(help: "Header of the CSV column holding the area name.")
    var areaNameColumn: String?

    @Option(help: "Area level name for the CSV's areas (default: from the area column's header).")
    var level: String?

    @Flag(help: "Title-case candidate and area names written entirely in capitals.")
    var titleCase = false

    @Flag(help: "Validate only; store nothing.")
    var dryRun = false

    @Flag(help: "Store the new version without publishing it.")
    var draft = false

    @OptionGroup var actor: ActorOption

    @Flag(help: "Print a machine-readable JSON report on standard output.")
    var json = false

    /// Who the version is recorded as imported by, in the versions list and the audit log.
    var importer: String { actor.name }

    func validate() throws {
        if demo {
            if !paths.isEmpty || ballot != nil { throw ValidationError("--demo imports the bundled dataset; give no paths or --ballot with it") }
            return
        }
        if paths.isEmpty { throw ValidationError("give a workbook, a folder or CSV files to import") }
        if ballot != nil && areaColumn == nil { throw ValidationError("--ballot needs --area-column naming the area code column") }
        if ballot == nil && (areaColumn != nil || areaNameColumn != nil || level != nil) {
            throw ValidationError("--area-column, --area-name-column and --level only apply with --ballot")
        }
        if ballot == nil && paths.count > 1 { throw ValidationError("several paths are only accepted as CSV files with --ballot") }
    }

    func run() async throws {
        let options = ImportOptions(titleCaseNames: titleCase)
        do {
            if demo {
                try await importDemo()
            } else if let ballot, let areaColumn {
                try await importCSV(ballot: ballot, areaColumn: areaColumn, options: options)
            } else {
                let result = try Importer.importPath(paths[0], options: options)
                try await finish(result, dataset: result.dataset, published: try await Self.published())
            }
        } catch let failure as ImportFailure {
            try report(failure)
        } catch let error as ImportError {
            try report(ImportFailure(errors: [error], rejectedRows: error.row == nil ? 0 : 1))
        }
    }

    private func importCSV(ballot: String, areaColumn: String, options: ImportOptions) async throws {
        let source = BallotSource(key: ballot, level: level, areaColumn: areaColumn, areaNameColumn: areaNameColumn, files: [])
        // Merge into what is published so the other ballots and the site settings stay; a dry
        // run tries the same merge, so a clash shows before the real import.
        let published = try await Self.published()
        let site = published?.dataset.site ?? SiteSettings(title: "MyCandidate")
        let result = try Importer.importCSVFiles(paths: paths, ballot: source, site: site, options: options)
        let merged = try published.map { try $0.dataset.replacingBallots(with: result.dataset) } ?? result.dataset
        try await finish(result, dataset: merged, published: published)
    }

    /// The bundled demo, as `DEMO_DATA` imports it at start-up, but as a step of its own: the
    /// compose stack runs it once the migrations are in. Like `DEMO_DATA` it leaves a database
    /// that already holds any version alone, so running it again changes nothing.
    private func importDemo() async throws {
        let versions = try await Environment.withRepository { try await $0.versions() }
        guard versions.isEmpty else {
            printError("the database already holds \(versions.count) dataset version(s); the demo dataset is not imported")
            if json { print(try Self.encode(ImportReport(ballots: [], duplicatesDropped: 0, rejected: 0))) }
            return
        }
        let result = try DemoDataset.importResult()
        try await finish(result, dataset: result.dataset, published: nil)
    }

    /// The published version and its data, to merge into and to compare with.
    static func published() async throws -> (id: Int, dataset: Dataset)? {
        try await Environment.withRepository { repository -> (id: Int, dataset: Dataset)? in
            guard let id = try await repository.publishedVersionID() else { return nil }
            return (id, try await repository.dataset(version: id))
        }
    }

    private func finish(_ result: ImportResult, dataset: Dataset, published: (id: Int, dataset: Dataset)?) async throws {
        var report = result.report
        for warning in result.warnings { printError("warning: \(warning)") }
        // Worked out before storing, so the process ends as soon as the version is committed
        // (the kill -9 test relies on the transaction being the import's last long step).
        let changes = json ? nil : published.map { (DatasetDiff.between($0.dataset, dataset), $0.id) }
        if !dryRun {
            // Files are recorded by name: the importing machine's folders mean nothing to readers
            // of the dataset and should not be published with it.
            let sources = result.sources.map {
                SourceFile(file: URL(fileURLWithPath: $0.file).lastPathComponent, sha256: $0.sha256)
            }
            let version = try await Environment.withPublishingLock {
                try await Environment.withRepository { repository in
                    let version = try await repository.store(dataset, sources: sources, publish: !draft, importedBy: importer)
                    let detail = "version \(version.id), \(draft ? "draft" : "published"); " + sources.map(\.file).joined(separator: ", ")
                    await Environment.audit(.import, detail: detail, actor: importer, in: repository)
                    return version
                }
            }
            report.version = version.id
            if !draft { await Environment.announcePublished(version.id) }
        }
        if json {
            print(try Self.encode(report))
            return
        }
        switch (dryRun, draft) {
        case (true, _): print("valid: nothing was stored (dry run)")
        case (false, true): print("stored version \(report.version ?? 0) as a draft; publish it with `mycandidate datasets publish \(report.version ?? 0)`")
        case (false, false): print("published version \(report.version ?? 0)")
        }
        for ballot in report.ballots {
            print("  \(ballot.key): \(ballot.areas) areas, \(ballot.parties) parties, \(ballot.candidates) candidates")
        }
        if report.duplicatesDropped > 0 { print("  exact duplicate rows dropped: \(report.duplicatesDropped)") }
        if let (diff, version) = changes { Self.printChanges(diff, against: version) }
    }

    /// What the import changes against the published version, area by area (the first 20).
    static func printChanges(_ diff: DatasetDiff, against version: Int) {
        guard !diff.isEmpty else {
            print("no changes against published version \(version)")
            return
        }
        let counts = diff.counts
        print("changes against published version \(version): \(counts.added) added, \(counts.removed) removed, \(counts.changed) changed")
        for (label, names) in [
            ("ballots added", diff.ballotsAdded), ("ballots removed", diff.ballotsRemoved),
            ("parties added", diff.partiesAdded), ("parties removed", diff.partiesRemoved),
        ] where !names.isEmpty {
            print("  \(label): \(names.joined(separator: ", "))")
        }
        for area in diff.areas.prefix(20) {
            print("  \(area.ballot) / \(area.areaName):")
            for name in area.added { print("    + \(name)") }
            for name in area.removed { print("    - \(name)") }
            for change in area.changed { print("    ~ \(change)") }
        }
        if diff.areas.count > 20 { print("  … and \(diff.areas.count - 20) more areas") }
    }

    private func report(_ failure: ImportFailure) throws {
        for error in failure.errors { printError(error.description) }
        printError("import failed: \(failure.errors.count) problem(s) in \(failure.rejectedRows) row(s); nothing was stored")
        if json {
            print(try Self.encode(ImportReport(ballots: [], duplicatesDropped: 0, rejected: failure.rejectedRows)))
        }
        throw ExitCode.failure
    }

    static func encode(_ report: ImportReport) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return String(decoding: try encoder.encode(report), as: UTF8.self)
    }
}
