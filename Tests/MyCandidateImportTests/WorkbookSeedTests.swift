import Foundation
import MyCandidateDomain
import Testing
@testable import MyCandidateImport

@Suite struct WorkbookSeedTests {
    /// Reads the fixture workbook with the given parts replaced and ballot files present.
    private func seed(
        replacing replacements: [String: String] = [:],
        csvFiles: [String] = ["ward.csv", "national.csv"]
    ) throws -> SeedWorkbook {
        let folder = try WorkbookFixture.temporaryFolder()
        defer { WorkbookFixture.remove(folder) }
        let url = try WorkbookFixture.writeSeed(in: folder, replacing: replacements, csvFiles: csvFiles)
        return try SeedWorkbook(contentsOf: url)
    }

    /// Reads a one-sheet workbook of inline strings.
    private func seed(header: [String], values: [String], sheetName: String = "site_settings") throws -> SeedWorkbook {
        let folder = try WorkbookFixture.temporaryFolder()
        defer { WorkbookFixture.remove(folder) }
        try Data("Ward Code,Surname\n".utf8).write(to: folder.appendingPathComponent("ward.csv"))
        let parts = WorkbookFixture.settingsWorkbook(header: header, values: values, sheetName: sheetName)
        return try SeedWorkbook(contentsOf: WorkbookFixture.write(parts, in: folder))
    }

    @Test func readsSiteSettingsExactly() throws {
        let workbook = try seed()
        #expect(workbook.site == SiteSettings(
            title: "MyCandidate Kenya",
            titleShort: "MyCandidate",
            faviconLink: "",
            partnerName: "Code for Africa",
            partnerWebsite: "https://codeforafrica.org",
            organizationName: "OpenUp",
            organizationLink: "https://openup.org.za",
            analyticsID: "G-ABC123XYZ",
            colours: SiteColours(
                logo: "#30474A",
                footer: "#30474A",
                bodyForeground: "black",
                bodyBackground: "#FFFFFF",
                findCandidatesButton: "rgb(11,110,79)",
                candidateNames: SiteColours().candidateNames,
                navBars: "#1D3557"
            )
        ))
        #expect(workbook.warnings == [
            ##"seed.xlsx:2:11: logo_colour "#30474A\n" had a stray line break; using "#30474A""##,
            "seed.xlsx:2:8: gTag_script is not used as it is; took the analytics id G-ABC123XYZ from it",
            "seed.xlsx:2:20: provincial_explainer is for a ballot that data_schemas does not list; it is ignored",
            "seed.xlsx:1:21: unknown column \"year\" is ignored",
        ])
    }

    @Test func readsBallotsInSchemaOrder() throws {
        let ballots = try seed().ballots
        #expect(ballots.map(\.key) == ["ward", "national"])

        let ward = ballots[0]
        #expect(ward.areaColumn == "Ward Code")
        #expect(ward.areaNameColumn == "Ward Name")
        #expect(ward.kind == .singleMember)
        #expect(ward.title == nil)
        #expect(ward.explainer == "Vote for one ward councillor.")
        #expect(ward.files.map(\.name) == ["ward.csv"])
        let wardCSV = try Data(contentsOf: WorkbookFixture.folder("workbook-csv").appendingPathComponent("ward.csv"))
        #expect(ward.files.first?.data == wardCSV)

        let national = ballots[1]
        #expect(national.areaColumn == "country_code")
        #expect(national.areaNameColumn == nil)
        #expect(national.kind == .partyList)
        #expect(national.title == "National Assembly")
        #expect(national.explainer == "Vote for a party list.")
        #expect(national.partyOrder == ["Blue Party"])
        #expect(national.columns == [.surname: "Last Name", .listPosition: "Rank"])
        #expect(national.files.map(\.name) == ["national.csv"])
    }

    @Test func missingBallotFileNamesTheCell() {
        #expect(throws: ImportError(
            file: "seed.xlsx", row: 2, column: 4,
            reason: "ballot \"ward\": file \"ward.csv\" not found next to the workbook"
        )) {
            try seed(csvFiles: ["national.csv"])
        }
    }

    @Test func missingSheet() {
        #expect(throws: ImportError(file: "seed.xlsx", reason: "no sheet named \"site_settings\" (sheets: \"Sheet1\")")) {
            try seed(header: ["title"], values: ["x"], sheetName: "Sheet1")
        }
    }

    @Test func notAZip() throws {
        let folder = try WorkbookFixture.temporaryFolder()
        defer { WorkbookFixture.remove(folder) }
        let url = folder.appendingPathComponent("seed.xlsx")
        try Data("title,data_schemas\n".utf8).write(to: url)
        #expect(throws: ImportError(file: "seed.xlsx", reason: "not a valid .xlsx workbook (not a zip archive)")) {
            try SeedWorkbook(contentsOf: url)
        }
    }

    @Test func missingOrEmptyDataSchemas() {
        #expect(throws: ImportError(file: "seed.xlsx", row: 1, reason: "the site_settings sheet has no data_schemas column")) {
            try seed(header: ["title"], values: ["x"])
        }
        #expect(throws: ImportError(file: "seed.xlsx", row: 2, column: 2, reason: "data_schemas is empty; it must list the ballots as JSON")) {
            try seed(header: ["title", "data_schemas"], values: ["x", " \n"])
        }
    }

    @Test func invalidJSONSaysWhere() {
        #expect(throws: ImportError(
            file: "seed.xlsx", row: 2, column: 2,
            reason: "data_schemas is not valid JSON: unexpected character '\"', expected ',' or '}' at line 2, column 3"
        )) {
            try seed(header: ["title", "data_schemas"], values: ["x", "{\"ward\": {\"file\": \"ward.csv\"}\n  \"national\": {}}"])
        }
    }

    @Test func ballotWithoutFileOrLocator() {
        #expect(throws: ImportError(file: "seed.xlsx", row: 2, column: 2, reason: "ballot \"ward\": has no \"file\"")) {
            try seed(header: ["title", "data_schemas"], values: ["x", #"{"ward": {"locator": ["Ward Code"]}}"#])
        }
        #expect(throws: ImportError(file: "seed.xlsx", row: 2, column: 2, reason: "ballot \"ward\": has no \"locator\"")) {
            try seed(header: ["title", "data_schemas"], values: ["x", #"{"ward": {"file": "ward.csv"}}"#])
        }
    }

    @Test func unknownColumnFieldIsAnError() throws {
        let error = try #require(throws: ImportError.self) {
            try seed(header: ["title", "data_schemas"], values: ["x", #"{"ward": {"file": "ward.csv", "locator": ["Ward Code"], "columns": {"surnam": "S"}}}"#])
        }
        #expect(error.reason.hasPrefix("ballot \"ward\": unknown field \"surnam\" in \"columns\" (known: surname, given_names,"))
    }

    @Test func badKindIsAnError() {
        #expect(throws: ImportError(file: "seed.xlsx", row: 2, column: 2, reason: "ballot \"ward\": \"kind\" must be \"party_list\" or \"single_member\", found \"list\"")) {
            try seed(header: ["title", "data_schemas"], values: ["x", #"{"ward": {"file": "ward.csv", "locator": "Ward Code", "kind": "list"}}"#])
        }
    }

    @Test func analyticsIDAndColoursAreChecked() throws {
        let workbook = try seed(
            header: ["title", "data_schemas", "google_analytics_key", "gTag_script", "logo_colour", "nav_bars_colour"],
            values: ["x", #"{"ward": {"file": "ward.csv", "locator": ["Ward Code"]}}"#, "UA-1234-5", "<script>evil()</script>", "red;}</style>", " navy "]
        )
        #expect(workbook.site.analyticsID == "UA-1234-5")
        #expect(workbook.site.colours.logo == SiteColours().logo)
        #expect(workbook.site.colours.navBars == "navy")
        #expect(workbook.warnings == [
            "seed.xlsx:2:5: logo_colour \"red;}</style>\" is not a CSS colour; using the default \(SiteColours().logo)",
        ])
    }

    @Test func analyticsIDFoundInPastedSnippet() {
        #expect(WorkbookCleaning.analyticsID(in: "gtag('config', 'G-ABCD1234');") == "G-ABCD1234")
        #expect(WorkbookCleaning.analyticsID(in: "id=UA-12345-6&x") == "UA-12345-6")
        #expect(WorkbookCleaning.analyticsID(in: "XG-ABCD1234 G-12") == nil)
    }

    @Test func cleansCellText() {
        #expect(WorkbookCleaning.text("  Vote for a party\r\n  list. \n") == "Vote for a party list.")
        #expect(WorkbookCleaning.colour("#30474A\n") == ("#30474A", true))
    }
}
