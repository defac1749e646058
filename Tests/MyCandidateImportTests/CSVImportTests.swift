import Foundation
import MyCandidateDomain
import MyCandidateImport
import Testing

@Suite struct SouthAfricanPartyListImportTests {
    private func importFixture() throws -> (ImportResult, SourceInput) {
        let file = try CSVFixture.input("za-party-lists.csv")
        let ballot = BallotSource(
            key: "national_regional", level: "province", areaColumn: "list_type",
            partyOrder: ["Freedom Rivers Party", "Nonexistent Party"], files: [file]
        )
        return (try Importer.importBallots(site: CSVFixture.site, ballots: [ballot], options: ImportOptions()), file)
    }

    @Test func importsEveryCandidateWithPositionsAndDropsTheDuplicate() throws {
        let (result, file) = try importFixture()
        let dataset = result.dataset
        #expect(dataset.integrityProblems().isEmpty)
        #expect(result.report == ImportReport(
            ballots: [BallotImportReport(key: "national_regional", areas: 3, candidates: 10, parties: 2)],
            duplicatesDropped: 1, rejected: 0
        ))
        #expect(dataset.ballots == [Ballot(
            key: "national_regional", title: "National Regional", position: 0, kind: .partyList,
            areaLevel: "province", partyOrder: ["freedom-rivers-party"]
        )])
        #expect(dataset.areas == [
            Area(id: "gauteng", code: "Gauteng", name: "Gauteng", level: "province"),
            Area(id: "kwazulu-natal", code: "KwaZulu\u{2010}Natal", name: "KwaZulu\u{2010}Natal", level: "province"),
            Area(id: "national", code: "National", name: "National", level: "province"),
        ])
        #expect(dataset.parties == [
            Party(key: "ubuntu-progress-alliance", name: "UBUNTU PROGRESS ALLIANCE"),
            Party(key: "freedom-rivers-party", name: "FREEDOM RIVERS PARTY"),
        ])
        let summary = dataset.candidates.map { "\($0.areaID)|\($0.partyKey ?? "-")|\($0.listPosition ?? 0)|\($0.givenNames)|\($0.surname)|\($0.age ?? 0)" }
        #expect(summary == [
            "national|ubuntu-progress-alliance|1|Thandiwe Zoë|Mokoena|49",
            "national|ubuntu-progress-alliance|1|Pieter|van der Walt|44",
            "national|ubuntu-progress-alliance|2|Lérato|Dlamini|55",
            "national|freedom-rivers-party|1|Sipho|Ngcobo|36",
            "national|freedom-rivers-party|2|Anél|Du Plessis|41",
            "gauteng|ubuntu-progress-alliance|1|Kagiso|Molefe|33",
            "gauteng|freedom-rivers-party|1|Chloé|Botha|51",
            "kwazulu-natal|ubuntu-progress-alliance|1|Nomvula|Mthembu|39",
            "kwazulu-natal|ubuntu-progress-alliance|1|Bongani|Zulu|29",
            "kwazulu-natal|freedom-rivers-party|3|Jürgen, Jnr|Müller|58",
        ])
        #expect(dataset.candidates.allSatisfy { $0.extra.isEmpty && $0.gender == nil && $0.ballotKey == "national_regional" })
        #expect(result.warnings == ["ballot \"national_regional\": party order entry \"Nonexistent Party\" matches no party"])
        #expect(result.sources == [SourceFile(file: "za-party-lists.csv", sha256: SourceDigest.sha256Hex(file.data))])
    }

    @Test func sharedListPositionsKeepSourceOrderInTheGrouping() throws {
        let (result, _) = try importFixture()
        let dataset = result.dataset
        let national = dataset.candidates.indices.filter { dataset.candidates[$0].areaID == "national" }
        let listing = Grouping.listing(
            of: national, in: dataset.candidates, ballot: dataset.ballots[0],
            partyNames: Dictionary(uniqueKeysWithValues: dataset.parties.map { ($0.key, $0.name) })
        )
        #expect(listing == .partyList([
            CandidateGroup(partyKey: "freedom-rivers-party", members: [3, 4]),
            CandidateGroup(partyKey: "ubuntu-progress-alliance", members: [0, 1, 2]),
        ]))
    }

    @Test func nationalIDNumbersAppearNowhereInTheResult() throws {
        let (result, file) = try importFixture()
        let source = String(decoding: file.data, as: UTF8.self)
        let ids = ["7502205123081", "8001015******", "6907125234089", "8802035345082", "9104045456083",
                   "7306066567084", "8505057678085", "9512128789086", "6603039890087"]
        for id in ids { #expect(source.contains(id), "fixture should hold \(id)") }

        let encoder = JSONEncoder()
        let dataset = result.dataset
        var everything = [
            try encoder.encode(dataset.site), try encoder.encode(dataset.ballots), try encoder.encode(dataset.areas),
            try encoder.encode(dataset.parties), try encoder.encode(dataset.candidates),
            try encoder.encode(result.report), try encoder.encode(result.sources),
        ].map { String(decoding: $0, as: UTF8.self) }
        everything += result.warnings
        let text = everything.joined(separator: "\n")
        #expect(text.contains("Mokoena"), "the search must cover the candidates")
        for id in ids + ["8001015", "******", "idnumber"] {
            #expect(!text.contains(id), "\(id) leaked")
        }
    }

    @Test func areasAreSharedAcrossBallots() throws {
        let file = try CSVFixture.input("za-party-lists.csv")
        let ballots = [
            BallotSource(key: "provincial", level: "province", areaColumn: "list_type", files: [file]),
            BallotSource(key: "national_regional", title: "Regional", level: "Province", areaColumn: "list_type", files: [file]),
        ]
        let result = try Importer.importBallots(site: CSVFixture.site, ballots: ballots, options: ImportOptions())
        #expect(result.dataset.areas.map(\.id) == ["gauteng", "kwazulu-natal", "national"])
        #expect(result.dataset.parties.count == 2)
        #expect(result.dataset.candidates.count == 20)
        #expect(result.report.duplicatesDropped == 2)
        #expect(result.dataset.ballots.map(\.title) == ["Provincial", "Regional"])
        #expect(result.dataset.ballots.map(\.position) == [0, 1])
        #expect(result.sources.count == 1)
        #expect(result.dataset.integrityProblems().isEmpty)
    }
}

@Suite struct KenyanSingleMemberImportTests {
    private func importBoth(titleCase: Bool = true) throws -> ImportResult {
        let ballots = [
            BallotSource(key: "ward", areaColumn: "Ward Code", files: [try CSVFixture.input("ke-ward.csv")]),
            BallotSource(key: "national_assembly", areaColumn: "Constituency Code", files: [try CSVFixture.input("ke-national-assembly.csv")]),
        ]
        return try Importer.importBallots(site: CSVFixture.site, ballots: ballots, options: ImportOptions(titleCaseNames: titleCase))
    }

    @Test func buildsTheHierarchyWithUniqueIDsAcrossLevels() throws {
        let result = try importBoth()
        let dataset = result.dataset
        #expect(dataset.integrityProblems().isEmpty)
        #expect(dataset.areas == [
            Area(id: "constituency-1", code: "1", name: "Westhill", level: "constituency", parentID: "county-1"),
            Area(id: "constituency-2", code: "2", name: "Eastgate", level: "constituency", parentID: "county-1"),
            Area(id: "constituency-3", code: "3", name: "Kilima", level: "constituency", parentID: "county-2"),
            Area(id: "county-1", code: "1", name: "Lakeview", level: "county"),
            Area(id: "county-2", code: "2", name: "Highridge", level: "county"),
            Area(id: "ward-1", code: "1", name: "Karibu", level: "ward", parentID: "constituency-1"),
            Area(id: "ward-2", code: "2", name: "Mlimani", level: "ward", parentID: "constituency-1"),
            Area(id: "ward-3", code: "3", name: "Sokoni", level: "ward", parentID: "constituency-2"),
            Area(id: "ward-4", code: "4", name: "Mjini", level: "ward", parentID: "constituency-3"),
        ])
        #expect(Set(dataset.areas.map(\.id)).count == dataset.areas.count)
        #expect(result.warnings == [
            "ke-national-assembly.csv:5: constituency \"3\" is named \"KILIMA HILLS\" here but \"KILIMA\" at ke-ward.csv:7; keeping \"KILIMA\"",
        ])
    }

    @Test func readsBothShapesWithPartiesAndIndependents() throws {
        let result = try importBoth()
        let dataset = result.dataset
        #expect(dataset.ballots == [
            Ballot(key: "ward", title: "Ward", position: 0, kind: .singleMember, areaLevel: "ward"),
            Ballot(key: "national_assembly", title: "National Assembly", position: 1, kind: .singleMember, areaLevel: "constituency"),
        ])
        #expect(dataset.parties == [
            Party(key: "umoja-democratic-movement", name: "UMOJA DEMOCRATIC MOVEMENT", abbreviation: "UDM", code: "12"),
            Party(key: "jubilee-harvest-party", name: "Jubilee Harvest Party", abbreviation: "JHP", code: "7"),
        ])
        let summary = dataset.candidates.map { "\($0.ballotKey)|\($0.areaID)|\($0.partyKey ?? "-")|\($0.givenNames)|\($0.surname)" }
        #expect(summary == [
            "ward|ward-1|umoja-democratic-movement|James Odhiambo|Otieno",
            "ward|ward-1|jubilee-harvest-party|Grace Nyambura|Wanjiru",
            "ward|ward-2|umoja-democratic-movement|Anne|McDonald",
            "ward|ward-3|-|Peter Kibet|Kiprono",
            "ward|ward-4|jubilee-harvest-party|Mary Achieng|O'Brien",
            "ward|ward-4|umoja-democratic-movement|David|Ngugi-wa Thiong'o",
            "national_assembly|constituency-1|umoja-democratic-movement|Beatrice|Achola",
            "national_assembly|constituency-2|jubilee-harvest-party|Joseph Mwangi|Kamau",
            "national_assembly|constituency-3|-|John Paul II|van der Merwe",
        ])
        #expect(dataset.candidates.allSatisfy { $0.listPosition == nil && $0.extra.isEmpty })
        #expect(result.report.ballots == [
            BallotImportReport(key: "ward", areas: 4, candidates: 6, parties: 2),
            BallotImportReport(key: "national_assembly", areas: 3, candidates: 3, parties: 2),
        ])
        #expect(result.sources.map(\.file) == ["ke-ward.csv", "ke-national-assembly.csv"])
    }

    @Test func withoutTitleCasingNamesStayAsGiven() throws {
        let dataset = try importBoth(titleCase: false).dataset
        #expect(dataset.candidates[0].surname == "OTIENO")
        #expect(dataset.candidates[3].givenNames == "PETER KIBET")
        #expect(dataset.areas.first { $0.id == "ward-1" }?.name == "KARIBU")
    }

    @Test func sameDataGetsTheSameDataset() throws {
        #expect(try importBoth().dataset == importBoth().dataset)
    }
}

@Suite struct CSVImportColumnTests {
    @Test func explicitMappingWinsAndUnclaimedColumnsBecomeExtras() throws {
        let file = CSVFixture.inline("x.csv", """
            Ward,Full Names,Preferred Name,Surname,Gender,Photo URL,ID Number (masked),National ID,Notes
            W1,Joseph Kamau,Joe,Otieno,F,https://example.org/p.jpg,8001015******,7502205123081,
            """)
        let ballot = BallotSource(key: "ward", areaColumn: "ward", columns: [.givenNames: "preferred_name"], files: [file])
        let result = try Importer.importBallots(site: CSVFixture.site, ballots: [ballot], options: ImportOptions())
        let candidate = try #require(result.dataset.candidates.first)
        #expect(candidate.givenNames == "Joe")
        #expect(candidate.gender == "F")
        #expect(candidate.extra == ["full names": "Joseph Kamau", "photo url": "https://example.org/p.jpg"])
        #expect(result.dataset.areas == [Area(id: "w1", code: "W1", name: "W1", level: "ward")])
    }

    @Test func singleMemberBallotKeepsAPositionColumnAsExtra() throws {
        let file = CSVFixture.inline("x.csv", "Ward Code,Surname,Position\n1,Otieno,Chair\n")
        let ballot = BallotSource(key: "ward", kind: .singleMember, areaColumn: "Ward Code", files: [file])
        let candidate = try #require(try Importer.importBallots(site: CSVFixture.site, ballots: [ballot]).dataset.candidates.first)
        #expect(candidate.listPosition == nil)
        #expect(candidate.extra == ["position": "Chair"])
    }

    @Test func wholeNumbersMayBeWrittenWithZeroDecimals() throws {
        let file = CSVFixture.inline("x.csv", "party,list_type,orderno,full_names,surname,age\nUPA,National,12.0,Ann,Bee,40.00\n")
        let ballot = BallotSource(key: "national", areaColumn: "list_type", files: [file])
        let candidate = try #require(try Importer.importBallots(site: CSVFixture.site, ballots: [ballot]).dataset.candidates.first)
        #expect(candidate.listPosition == 12)
        #expect(candidate.age == 40)
    }

    @Test func sha256IsLowerCaseHex() {
        #expect(SourceDigest.sha256Hex(Data("abc".utf8)) == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
    }

    @Test func importsFilesFromDiskUnderTheirPaths() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("csv-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("ward.csv").path
        try Data("Ward Code,Surname\n1,Otieno\n".utf8).write(to: URL(fileURLWithPath: path))
        let ballot = BallotSource(key: "ward", areaColumn: "Ward Code", files: [])
        let result = try Importer.importCSVFiles(paths: [path], ballot: ballot, site: CSVFixture.site)
        #expect(result.sources.map(\.file) == [path])
        #expect(result.dataset.candidates.map(\.surname) == ["Otieno"])

        do {
            _ = try Importer.importCSVFiles(paths: [path, "missing/nowhere.csv"], ballot: ballot, site: CSVFixture.site)
            Issue.record("a missing file must fail the import")
        } catch let failure as ImportFailure {
            #expect(failure.errors == [ImportError(file: "missing/nowhere.csv", reason: "file not found")])
        }
    }
}

/// The API promises clients that ballot keys, area ids and party slugs survive a re-import of
/// the same data, even when the rows come in another order.
@Suite struct StableIdentifierTests {
    /// The fixture with its data rows reversed (a quoted field may hold a line break, so lines
    /// are joined until their quotes balance).
    static func reversed(_ name: String) throws -> SourceInput {
        let text = String(decoding: try CSVFixture.input(name).data, as: UTF8.self)
        let newline = text.contains("\r\n") ? "\r\n" : "\n"
        var records: [String] = []
        var pending: String?
        for line in text.components(separatedBy: newline) where !line.isEmpty || pending != nil {
            let record = pending.map { $0 + newline + line } ?? line
            pending = record.filter { $0 == "\"" }.count % 2 == 0 ? nil : record
            if pending == nil { records.append(record) }
        }
        let header = records.removeFirst()
        return SourceInput(name: name, data: Data(([header] + records.reversed()).joined(separator: newline).utf8))
    }

    static func identifiers(_ result: ImportResult) -> [String: Set<String>] {
        [
            "ballots": Set(result.dataset.ballots.map(\.key)),
            "areas": Set(result.dataset.areas.map { "\($0.id)=\($0.level):\($0.code)" }),
            "parties": Set(result.dataset.parties.map { "\($0.key)=\($0.name)" }),
        ]
    }

    @Test(arguments: [("za-party-lists.csv", "list_type"), ("ke-ward.csv", "Ward Code")])
    func reorderedRowsKeepTheirIdentifiers(file: String, areaColumn: String) throws {
        func run(_ input: SourceInput) throws -> ImportResult {
            try Importer.importBallots(
                site: CSVFixture.site, ballots: [BallotSource(key: "ballot", areaColumn: areaColumn, files: [input])], options: ImportOptions()
            )
        }
        let original = try run(try CSVFixture.input(file))
        let again = try run(try CSVFixture.input(file))
        let reordered = try run(try Self.reversed(file))
        #expect(Self.identifiers(again) == Self.identifiers(original))
        #expect(Self.identifiers(reordered) == Self.identifiers(original))
        #expect(!(Self.identifiers(original)["areas"] ?? []).isEmpty)
    }
}
