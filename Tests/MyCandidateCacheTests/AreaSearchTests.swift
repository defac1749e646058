import Foundation
import MyCandidateCache
import MyCandidateDomain
import Testing

@Suite struct AreaSearchTests {
    /// A province with a Unicode hyphen, a county → constituency → ward hierarchy whose names
    /// overlap, and a ward nobody votes in (no ballot reaches it).
    static let dataset = Dataset(
        site: SiteSettings(title: "Search"),
        ballots: [
            Ballot(key: "provincial", title: "Provincial", position: 0, kind: .partyList, areaLevel: "province"),
            Ballot(key: "governor", title: "Governor", position: 1, kind: .singleMember, areaLevel: "county"),
            Ballot(key: "ward", title: "Ward", position: 2, kind: .singleMember, areaLevel: "ward"),
        ],
        areas: [
            Area(id: "kwazulu-natal", code: "KZN", name: "KwaZulu\u{2010}Natal", level: "province"),
            Area(id: "western-cape", code: "WC", name: "Western Cape", level: "province"),
            Area(id: "county-1", code: "1", name: "Lakeside", level: "county"),
            Area(id: "county-10", code: "10", name: "Murang'a", level: "county"),
            Area(id: "constituency-1", code: "1", name: "Lakeside North", level: "constituency", parentID: "county-1"),
            Area(id: "ward-1", code: "1", name: "Harbour", level: "ward", parentID: "constituency-1"),
            Area(id: "ward-2", code: "2", name: "North Lakeside", level: "ward", parentID: "constituency-1"),
            Area(id: "ward-3", code: "3", name: "Bluelake", level: "ward", parentID: "constituency-1"),
            Area(id: "ward-12", code: "12", name: "Éléphant Rock", level: "ward", parentID: "constituency-1"),
            Area(id: "ward-99", code: "99", name: "Nowhere", level: "ward"),
        ],
        parties: [Party(key: "a", name: "A Party")],
        candidates: [
            Candidate(ballotKey: "provincial", areaID: "kwazulu-natal", partyKey: "a", givenNames: "P", surname: "One", listPosition: 1),
            Candidate(ballotKey: "provincial", areaID: "western-cape", partyKey: "a", givenNames: "P", surname: "Two", listPosition: 1),
            Candidate(ballotKey: "governor", areaID: "county-1", partyKey: "a", givenNames: "G", surname: "One"),
            Candidate(ballotKey: "governor", areaID: "county-10", partyKey: "a", givenNames: "G", surname: "Ten"),
            Candidate(ballotKey: "ward", areaID: "ward-1", partyKey: "a", givenNames: "W", surname: "One"),
            Candidate(ballotKey: "ward", areaID: "ward-2", partyKey: "a", givenNames: "W", surname: "Two"),
            Candidate(ballotKey: "ward", areaID: "ward-3", partyKey: "a", givenNames: "W", surname: "Three"),
            Candidate(ballotKey: "ward", areaID: "ward-12", partyKey: "a", givenNames: "W", surname: "Twelve"),
        ]
    )

    static let version = DatasetVersion(
        id: 1, createdAt: Date(timeIntervalSince1970: 0), publishedAt: nil, status: .published, sources: [], counts: dataset.counts
    )

    static let search = Snapshot(version: version, dataset: dataset).search

    func ids(_ query: String, limit: Int = 20) -> [String] {
        Self.search.search(query, limit: limit).map(\.area.id)
    }

    @Test(arguments: ["kwazulu-natal", "KWAZULU NATAL", "kwazulu\u{2010}natal", "KwaZulu\u{2013}Natal", "  kwazulu   natal! ", "kwazulunatal", "ｋｗａｚｕｌｕ"])
    func caseAccentsWidthAndHyphensAreIgnored(query: String) {
        #expect(ids(query).first == "kwazulu-natal")
    }

    @Test func accentsAndApostrophesAreIgnoredInNamesToo() {
        #expect(ids("elephant") == ["ward-12"])
        #expect(ids("ÉLÉPHANT ROCK") == ["ward-12"])
        #expect(ids("muranga") == ["county-10"])
        #expect(ids("murang'a") == ["county-10"])
        #expect(ids("murang a") == ["county-10"])
    }

    @Test func codesMatchAloneOrAfterTheirLevel() {
        let matches = Self.search.search("1", limit: 20)
        // Exact codes first, larger areas first; then codes starting with "1".
        #expect(matches.map(\.area.id) == ["county-1", "constituency-1", "ward-1", "county-10", "ward-12"])
        #expect(matches.map(\.kind) == [.exact, .exact, .exact, .prefix, .prefix])
        #expect(ids("ward 1") == ["ward-1", "ward-12"])
        #expect(ids("Ward-12") == ["ward-12"])
        #expect(ids("county 1") == ["county-1", "county-10"])
        #expect(ids("kzn") == ["kwazulu-natal"])
    }

    @Test func prefixesOfAnyWordRankBeforeSubstrings() {
        let matches = Self.search.search("lake", limit: 20)
        #expect(matches.map(\.area.id) == ["county-1", "constituency-1", "ward-2", "ward-3"])
        #expect(matches.map(\.kind) == [.prefix, .prefix, .wordPrefix, .substring])
        #expect(ids("north") == ["ward-2", "constituency-1"])
        #expect(ids("ort") == ["constituency-1", "ward-2"])
    }

    @Test func resultsCarryTheirContextAndBallots() throws {
        let harbour = try #require(Self.search.search("harbour", limit: 1).first)
        #expect(harbour.context == "Lakeside North, Lakeside")
        #expect(harbour.ballots == [
            BallotArea(ballotKey: "governor", areaID: "county-1"),
            BallotArea(ballotKey: "ward", areaID: "ward-1"),
        ])
        #expect(Self.search.search("lakeside", limit: 1).first?.context == "")
    }

    @Test func theLimitHoldsAndEmptyQueriesFindNothing() {
        #expect(ids("e", limit: 3).count == 3)
        #expect(ids("e", limit: 0).isEmpty)
        #expect(ids("").isEmpty)
        #expect(ids(" - ‐ ").isEmpty)
        #expect(ids("zzz").isEmpty)
    }

    @Test func areasWithoutABallotAreNotOffered() {
        #expect(ids("nowhere").isEmpty)
        #expect(Self.search.count == Self.dataset.areas.count - 1)
    }

    /// 47 counties, 290 constituencies and 1,450 wards, like Kenya's; a query must stay well
    /// under a millisecond even in a debug build.
    @Test func aKenyanSizedIndexAnswers() {
        var areas: [Area] = []
        var candidates: [Candidate] = []
        let syllables = ["ka", "mu", "ri", "nyo", "lo", "gi", "tha", "we", "sa", "bu", "ndi", "ra"]
        func name(_ n: Int) -> String {
            let word = (0..<3).map { syllables[(n / [1, 12, 144][$0]) % syllables.count] }.joined()
            return word.prefix(1).uppercased() + word.dropFirst() + (n % 3 == 0 ? "-Central" : " East")
        }
        for county in 1...47 {
            areas.append(Area(id: "county-\(county)", code: "\(county)", name: name(county * 7), level: "county"))
            candidates.append(Candidate(ballotKey: "governor", areaID: "county-\(county)", partyKey: nil, givenNames: "G", surname: "\(county)"))
        }
        for constituency in 1...290 {
            areas.append(Area(id: "constituency-\(constituency)", code: "\(constituency)", name: name(constituency * 5 + 3),
                              level: "constituency", parentID: "county-\(constituency % 47 + 1)"))
        }
        for ward in 1...1450 {
            areas.append(Area(id: "ward-\(ward)", code: "\(ward)", name: name(ward), level: "ward", parentID: "constituency-\(ward % 290 + 1)"))
            candidates.append(Candidate(ballotKey: "ward", areaID: "ward-\(ward)", partyKey: nil, givenNames: "W", surname: "\(ward)"))
        }
        let dataset = Dataset(
            site: SiteSettings(title: "Kenya-sized"),
            ballots: [
                Ballot(key: "governor", title: "Governor", position: 0, kind: .singleMember, areaLevel: "county"),
                Ballot(key: "ward", title: "Ward", position: 1, kind: .singleMember, areaLevel: "ward"),
            ],
            areas: areas, parties: [], candidates: candidates
        )
        let search = Snapshot(version: Self.version, dataset: dataset).search
        #expect(search.count == 1_787)
        // Speed is a benchmark's business; here the Kenya-sized index must simply answer.
        for query in ["k", "ka", "mu ri", "central", "ward 14", "1", "thawe", "Nyo-lo", "east"] {
            #expect(!search.search(query, limit: 8).isEmpty, "\(query)")
        }
        #expect(search.search("zzzz", limit: 8).isEmpty)
    }
}
