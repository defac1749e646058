import MyCandidateDomain
import Testing

@Suite struct SlugTests {
    @Test(arguments: [
        ("KwaZulu\u{2010}Natal", "kwazulu-natal"),
        ("African National Congress", "african-national-congress"),
        ("  Économie & Co. ", "economie-co"),
        ("People's Green Movement", "peoples-green-movement"),
        ("0001", "0001"),
        ("!!!", ""),
    ])
    func slugs(input: String, expected: String) {
        #expect(Slug.make(input) == expected)
    }

    @Test func numericCodesAreQualifiedWithTheirLevel() {
        #expect(AreaID.preferred(level: "ward", code: "1") == "ward-1")
        #expect(AreaID.preferred(level: "province", code: "Gauteng") == "gauteng")
    }

    @Test func codesRepeatingAcrossLevelsStayDistinct() {
        let ids = AreaID.disambiguate([
            (level: "county", code: "1"), (level: "constituency", code: "1"), (level: "ward", code: "1"),
            (level: "county", code: "Nairobi"), (level: "constituency", code: "Nairobi"), (level: "province", code: "Gauteng"),
        ])
        #expect(ids == ["county-1", "constituency-1", "ward-1", "county-nairobi", "constituency-nairobi", "gauteng"])
    }
}
