import MyCandidateImport
import Testing

@Suite struct HeaderMatcherTests {
    @Test(arguments: [
        ("Party\rCode", "party code"),
        ("Abbrv.", "abbrv"),
        ("full_names", "full names"),
        ("List Type", "list type"),
        ("  Political   Party\r\nName ", "political party name"),
        ("ORDER-NO", "order no"),
        ("Ward_Code", "ward code"),
        ("Région (2024)", "région 2024"),
    ])
    func normalizes(header: String, expected: String) {
        #expect(HeaderMatcher.normalize(header) == expected)
    }

    @Test func synonymsMapToFields() {
        #expect(HeaderMatcher.field(for: "Other Names") == .givenNames)
        #expect(HeaderMatcher.field(for: "full_names") == .givenNames)
        #expect(HeaderMatcher.field(for: "Political Party Name") == .party)
        #expect(HeaderMatcher.field(for: "Abbrv.") == .partyAbbreviation)
        #expect(HeaderMatcher.field(for: "Party\rCode") == .partyCode)
        #expect(HeaderMatcher.field(for: "orderno") == .listPosition)
        #expect(HeaderMatcher.field(for: "idnumber") == .nationalID)
        #expect(HeaderMatcher.field(for: "ID No.") == .nationalID)
        #expect(HeaderMatcher.field(for: "Sex") == .gender)
        #expect(HeaderMatcher.field(for: "Ward Code") == nil)
    }

    @Test func idColumnsAreRecognisedBeyondTheSynonyms() {
        #expect(HeaderMatcher.isNationalID("id number masked"))
        #expect(HeaderMatcher.isNationalID("candidate national id"))
        #expect(!HeaderMatcher.isNationalID("ward code"))
        #expect(!HeaderMatcher.isNationalID("idea"))
    }

    @Test func locatorLevels() {
        #expect(HeaderMatcher.level(fromLocator: "Ward Code") == "ward")
        #expect(HeaderMatcher.level(fromLocator: "list_type") == "list type")
        #expect(HeaderMatcher.level(fromLocator: "Constituency Name") == "constituency")
        #expect(HeaderMatcher.level(fromLocator: "Code") == "code")
    }
}

@Suite struct CellCleanerTests {
    @Test(arguments: [
        ("Mwangi", "Mwangi"),
        ("  Peter\r\nKibet ", "Peter Kibet"),
        ("a\t\tb", "a b"),
        ("Zoë\u{00A0} Botha", "Zoë Botha"),
        ("\u{FEFF}Gauteng", "Gauteng"),
        ("KwaZulu\u{2010}Natal", "KwaZulu\u{2010}Natal"),
        ("   ", ""),
        ("x\ry", "x y"),
    ])
    func cleans(raw: String, expected: String) {
        #expect(CellCleaner.clean(raw) == expected)
    }
}

@Suite struct NameCasingTests {
    @Test(arguments: [
        ("MWANGI", NameCasing.Kind.surname, "Mwangi"),
        ("O'BRIEN", .surname, "O'Brien"),
        ("NGUGI-WA THIONG'O", .surname, "Ngugi-wa Thiong'o"),
        ("NGUGI WA THIONG'O", .givenNames, "Ngugi wa Thiong'o"),
        ("MCDONALD", .surname, "McDonald"),
        ("MACHARIA", .surname, "Macharia"),
        ("VAN DER MERWE", .surname, "van der Merwe"),
        ("DE", .surname, "De"),
        ("JOHN PAUL II", .givenNames, "John Paul II"),
        ("MARY-JANE", .givenNames, "Mary-Jane"),
        ("J.K.", .givenNames, "J.K."),
        ("DE AAR", .areaName, "De Aar"),
        ("NGŨGĨ", .surname, "Ngũgĩ"),
        ("D’ARCY", .surname, "D’Arcy"),
        ("Wanjiru", .surname, "Wanjiru"),
        ("McDONALD", .surname, "McDONALD"),  // has a lower-case letter, so it is left alone
        ("van Wyk", .surname, "van Wyk"),
        ("123", .areaName, "123"),
    ])
    func titleCases(raw: String, kind: NameCasing.Kind, expected: String) {
        #expect(NameCasing.titleCased(raw, as: kind) == expected)
    }

    @Test func allCapitalsNeedsALetterAndNoLowerCase() {
        #expect(NameCasing.isAllCapitals("ABC-1"))
        #expect(!NameCasing.isAllCapitals("AbC"))
        #expect(!NameCasing.isAllCapitals("12"))
    }
}
