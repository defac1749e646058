import Foundation
import MyCandidateDomain
import MyCandidateImport
import Testing

@Suite struct CSVImportErrorTests {
    private let kenyanHeader = "Surname,Other Names,County Code,County Name,Constituency Code,Constituency Name,Ward Code,Ward Name,Party Code,Political Party Name,Abbrv"

    private func ward(_ name: String, _ text: String) -> BallotSource {
        BallotSource(key: "ward", areaColumn: "Ward Code", files: [CSVFixture.inline(name, text)])
    }

    @Test func wrongNumberOfCells() {
        let text = kenyanHeader + "\r\nOTIENO,JAMES,1,LAKEVIEW,1,WESTHILL,1,KARIBU,12,UMOJA,UDM\r\nWANJIRU,GRACE,1,LAKEVIEW,1,WESTHILL,1,KARIBU,12\r\n"
        let failure = CSVFixture.failure([ward("short.csv", text)])
        #expect(failure?.description == "short.csv:3:10: expected 11 cells, found 9")
        #expect(failure?.rejectedRows == 1)
    }

    @Test func tooManyCellsPointsAtTheFirstExtraOne() {
        let failure = CSVFixture.failure([ward("long.csv", "Ward Code,Surname\n1,A,extra\n")])
        #expect(failure?.description == "long.csv:2:3: expected 2 cells, found 3")
    }

    @Test func invalidUTF8() {
        let bytes = Array("party,list_type,orderno,full_names,surname\nUPA,National,1,Ann,Bee\nUPA,National,2,Ren".utf8)
            + [0xE9] + Array(",Botha\n".utf8)
        let ballot = BallotSource(key: "national", areaColumn: "list_type", files: [SourceInput(name: "cp1252.csv", data: Data(bytes))])
        let failure = CSVFixture.failure([ballot])
        #expect(failure?.errors == [ImportError(
            file: "cp1252.csv", row: 3, column: 4,
            reason: "invalid UTF-8 (byte 0xE9 at byte offset 84); save the file as UTF-8"
        )])
    }

    @Test func missingLocatorColumn() throws {
        let ballot = BallotSource(key: "ward", areaColumn: "Ward Code", files: [try CSVFixture.input("za-party-lists.csv")])
        let failure = CSVFixture.failure([ballot])
        #expect(failure?.description == "za-party-lists.csv:1: locator column \"Ward Code\" not found; headers are: \"party\", \"list_type\", \"orderno\", \"idnumber\", \"full_names\", \"surname\", \"age\"")
    }

    @Test func missingMappedAndAreaNameColumns() {
        let ballot = BallotSource(
            key: "ward", areaColumn: "Ward_Code", areaNameColumn: "Ward Title", columns: [.surname: "Family"],
            files: [CSVFixture.inline("w.csv", "Ward Code,Surname\n1,A\n")]
        )
        let failure = CSVFixture.failure([ballot])
        #expect(failure?.errors.map(\.description) == [
            "w.csv:1: area name column \"Ward Title\" not found; headers are: \"Ward Code\", \"Surname\"",
            "w.csv:1: column for surname \"Family\" not found; headers are: \"Ward Code\", \"Surname\"",
        ])
    }

    @Test func emptyFiles() {
        let ballots = [
            BallotSource(key: "a", areaColumn: "Ward Code", files: [SourceInput(name: "empty.csv", data: Data())]),
            BallotSource(key: "b", areaColumn: "Ward Code", files: [SourceInput(name: "blank.csv", data: Data([0xEF, 0xBB, 0xBF, 0x0D, 0x0A, 0x20]))]),
            BallotSource(key: "c", areaColumn: "Ward Code", files: [CSVFixture.inline("commas.csv", ",,\n,,\n")]),
        ]
        #expect(CSVFixture.failure(ballots)?.description == "empty.csv: file is empty\nblank.csv: file is empty\ncommas.csv: file is empty")
    }

    @Test func headerOnlyFileHasNoCandidateRows() {
        let failure = CSVFixture.failure([ward("h.csv", "Ward Code,Surname\r\n,\r\n")])
        #expect(failure?.description == "h.csv: no candidate rows")
    }

    @Test func nonNumericOrderNumberAndAge() {
        let text = "party,list_type,orderno,idnumber,full_names,surname,age\nUPA,National,1a,,Ann,Bee,40\nUPA,National,1.5,,Cy,Dee,forty\nUPA,National,3,,Ed,Eff,\n"
        let ballot = BallotSource(key: "national", areaColumn: "list_type", files: [CSVFixture.inline("za.csv", text)])
        let failure = CSVFixture.failure([ballot])
        #expect(failure?.errors.map(\.description) == [
            "za.csv:2:3: \"orderno\" must be a whole number, found \"1a\"",
            "za.csv:3:3: \"orderno\" must be a whole number, found \"1.5\"",
            "za.csv:3:7: \"age\" must be a whole number, found \"forty\"",
        ])
        #expect(failure?.rejectedRows == 2)
    }

    @Test func unterminatedQuote() {
        let failure = CSVFixture.failure([ward("q.csv", "Ward Code,Surname\n1,Otieno\n2,\"Wanjiru\n3,Kamau\n")])
        #expect(failure?.description == "q.csv:3:2: quoted cell is never closed: the quote opened on line 3 has no closing quote")
    }

    @Test func missingLocatorValueAndName() {
        let failure = CSVFixture.failure([ward("m.csv", "Ward Code,Surname,Other Names\n,Otieno,James\n2,,\n")])
        #expect(failure?.errors.map(\.description) == [
            "m.csv:2:1: \"Ward Code\" is empty",
            "m.csv:3:2: no name: \"Surname\" and \"Other Names\" are both empty",
        ])
    }

    @Test func missingNameWithOnlyASurnameColumn() {
        let failure = CSVFixture.failure([ward("s.csv", "Ward Code,Surname,Notes\n1,,x\n")])
        #expect(failure?.description == "s.csv:2:2: no name: \"Surname\" is empty")
    }

    @Test func areaWithTwoParents() {
        let text = "Constituency Code,Constituency Name,Ward Code,Ward Name,Surname\n1,Westhill,1,Karibu,A\n2,Eastgate,1,Karibu,B\n"
        let failure = CSVFixture.failure([ward("w.csv", text)])
        #expect(failure?.description == "w.csv:3:1: ward \"1\" is in constituency \"2\" here but in constituency \"1\" at w.csv:2")
    }

    @Test func everyProblemIsListedAcrossFilesAndBallots() {
        let ballots = [
            ward("one.csv", "Ward Code,Surname\n1,A\n,B\n2\n"),
            BallotSource(key: "ward", areaColumn: "Ward Code", files: [CSVFixture.inline("two.csv", "Ward Code,Surname\n1,A\n")]),
            BallotSource(key: "county", areaColumn: "County Code", files: []),
        ]
        let failure = CSVFixture.failure(ballots)
        #expect(failure?.errors.map(\.description) == [
            "two.csv: ballot key \"ward\" is used by more than one ballot",
            "ballot 3: ballot \"county\" has no files",
            "one.csv:3:1: \"Ward Code\" is empty",
            "one.csv:4:2: expected 2 cells, found 1",
        ])
        #expect(failure?.rejectedRows == 2)
    }

    @Test func errorsAreCappedButRejectedRowsAreAllCounted() {
        var text = "Ward Code,Surname\n"
        for index in 0..<(ImportFailure.limit + 50) { text += ",Nobody \(index)\n" }
        let failure = CSVFixture.failure([ward("many.csv", text)])
        #expect(failure?.errors.count == ImportFailure.limit)
        #expect(failure?.rejectedRows == ImportFailure.limit + 50)
    }
}
