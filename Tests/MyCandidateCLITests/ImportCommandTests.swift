import Foundation
import Testing

@Suite(.serialized) struct ImportCommandTests {
    @Test func importPublishesAndReportsAsJSON() throws {
        let cli = try CLI()
        let csv = try cli.write("national.csv", partyListCSV(rows: 120))
        let result = try cli.run("import", csv, "--ballot", "national", "--area-column", "list_type", "--json")
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
            == #"{"ballots":[{"areas":3,"candidates":120,"key":"national","parties":50}],"duplicates_dropped":0,"rejected":0,"version":1}"#)
        let list = try cli.run("datasets", "list", "--json")
        #expect(list.stdout.contains(#""status" : "published""#))
        // Sources are recorded by file name, never by the importing machine's folders.
        #expect(list.stdout.contains(#""file" : "national.csv""#))
        #expect(!list.stdout.contains(cli.folder.path))
        #expect(list.stdout.contains(#""imported_by" :"#))
        let second = try cli.run("import", csv, "--ballot", "national", "--area-column", "list_type", "--by", "amani@example.org")
        #expect(second.status == 0)
        #expect(try cli.run("datasets", "list").stdout.contains("amani@example.org"))
    }

    @Test func aBadFileNamesFileRowAndColumnAndStoresNothing() throws {
        let cli = try CLI()
        let csv = try cli.write("bad.csv", "party,list_type,orderno,full_names,surname\nA,National,1,Ann,One\nA,National,x,Bob,Two\nA,National,3,Cy\n")
        let result = try cli.run("import", csv, "--ballot", "national", "--area-column", "list_type")
        #expect(result.status == 1)
        #expect(result.stderr.contains("bad.csv:3:3: "))
        #expect(result.stderr.contains("bad.csv:4:"))
        #expect(result.stderr.contains("nothing was stored"))
        let list = try cli.run("datasets", "list")
        #expect(list.stdout.contains("no dataset versions stored yet"))
    }

    @Test func dryRunAndDraftDoNotPublish() throws {
        let cli = try CLI()
        let csv = try cli.write("national.csv", partyListCSV(rows: 10))
        let dry = try cli.run("import", csv, "--ballot", "national", "--area-column", "list_type", "--dry-run")
        #expect(dry.status == 0, "\(dry.stderr)")
        #expect(dry.stdout.contains("nothing was stored"))
        #expect(try cli.run("datasets", "list").stdout.contains("no dataset versions stored yet"))

        #expect(try cli.run("import", csv, "--ballot", "national", "--area-column", "list_type").status == 0)
        let draft = try cli.run("import", csv, "--ballot", "national", "--area-column", "list_type", "--draft")
        #expect(draft.stdout.contains("stored version 2 as a draft"))
        let list = try cli.run("datasets", "list", "--json")
        #expect(list.stdout.contains(#""status" : "draft""#))
        #expect(list.stdout.contains(#""status" : "published""#))

        #expect(try cli.run("datasets", "publish", "2").stdout.contains("published version 2"))
        #expect(try cli.run("datasets", "rollback").stdout.contains("version 1 is published again"))
        let missing = try cli.run("datasets", "publish", "9")
        #expect(missing.status != 0)
        #expect(missing.stderr.contains("dataset version 9 does not exist"))
    }

    @Test func aCSVImportReplacesOnlyItsBallot() throws {
        let cli = try CLI()
        let national = try cli.write("national.csv", partyListCSV(rows: 10))
        let provincial = try cli.write("provincial.csv", partyListCSV(rows: 20))
        #expect(try cli.run("import", national, "--ballot", "national", "--area-column", "list_type").status == 0)
        // The same area codes at another level would make one id mean two places: refused.
        let clash = try cli.run("import", provincial, "--ballot", "provincial", "--area-column", "list_type", "--level", "province")
        #expect(clash.status != 0)
        #expect(clash.stderr.contains("area id area-0 is list type Area 0 in the published dataset but province Area 0 in the import"))
        let second = try cli.run("import", provincial, "--ballot", "provincial", "--area-column", "list_type", "--json")
        #expect(second.status == 0, "\(second.stderr)")
        let list = try cli.run("datasets", "list", "--json")
        // Version 2 holds both ballots: 10 national plus 20 provincial candidates.
        #expect(list.stdout.contains(#""candidates" : 30"#))
    }
}

@Suite(.serialized) struct ImportChangesTests {
    @Test func anImportSaysWhatItChangesAgainstThePublishedVersion() throws {
        let cli = try CLI()
        let header = "party,list_type,orderno,full_names,surname\n"
        let first = try cli.write("v1.csv", header + "Sunrise,National,1,Thandi,Zulu\nSunrise,National,2,Pieter,Botha\n")
        #expect(try cli.run("import", first, "--ballot", "national", "--area-column", "list_type").status == 0)

        let second = try cli.write("v2.csv", header + "Sunrise,National,2,Thandi,Zulu\nHarvest,National,1,Lerato,Mokoena\n")
        let dryRun = try cli.run("import", second, "--ballot", "national", "--area-column", "list_type", "--dry-run")
        #expect(dryRun.status == 0, "\(dryRun.stderr)")
        #expect(dryRun.stdout.contains("changes against published version 1: 1 added, 1 removed, 1 changed"))
        #expect(dryRun.stdout.contains("parties added: Harvest"))
        #expect(dryRun.stdout.contains("+ Lerato Mokoena"))
        #expect(dryRun.stdout.contains("- Pieter Botha"))
        #expect(dryRun.stdout.contains("~ Thandi Zulu: list position 1 → 2"))
        #expect(try cli.run("datasets", "list").stdout.components(separatedBy: "\n").filter { $0.hasPrefix("1 ") || $0.hasPrefix("2 ") }.count == 1,
                "a dry run stores nothing")

        let again = try cli.run("import", first, "--ballot", "national", "--area-column", "list_type")
        #expect(again.stdout.contains("no changes against published version 1"))
    }
}
