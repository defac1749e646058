import MyCandidateDomain

/// Small datasets built in code, covering what storage must round-trip exactly.
enum DatasetFixtures {
    /// Two ballots, a four-level area hierarchy listed child-first, an independent, unicode
    /// names and extra attributes that need JSON escaping.
    static func small(title: String = "My Candidate") -> Dataset {
        let site = SiteSettings(
            title: title,
            titleShort: "MC",
            faviconLink: "https://example.org/favicon.ico",
            partnerName: "Partner & Co",
            partnerWebsite: "https://partner.example.org",
            organizationName: "Org",
            organizationLink: "https://org.example.org",
            analyticsID: "G-TEST123",
            colours: SiteColours(
                logo: "#111111", footer: "#222222", bodyForeground: "#333333", bodyBackground: "#444444",
                findCandidatesButton: "#555555", candidateNames: "#666666", navBars: "#777777"
            )
        )
        let ballots = [
            Ballot(
                key: "national", title: "National", explainer: "Vote for a party list.", position: 1,
                kind: .partyList, areaLevel: "country", partyOrder: ["anc", "da"]
            ),
            Ballot(key: "ward", title: "Ward", position: 2, kind: .singleMember, areaLevel: "ward"),
        ]
        // The ward comes before its parents: storage must not require parents first.
        let areas = [
            Area(id: "ward-1", code: "1", name: "Ward 1", level: "ward", parentID: "kwazulu-natal"),
            Area(id: "za", code: "ZA", name: "South Africa", level: "country"),
            Area(id: "kwazulu-natal", code: "KZN", name: "KwaZulu\u{2010}Natal", level: "province", parentID: "za"),
            Area(id: "gauteng", code: "Gauteng", name: "Gauteng", level: "province", parentID: "za"),
        ]
        let parties = [
            Party(key: "anc", name: "African National Congress", abbreviation: "ANC", code: "001"),
            Party(key: "da", name: "Democratic Alliance", abbreviation: "DA"),
            Party(key: "eff", name: "Economic Freedom Fighters"),
        ]
        let candidates = [
            Candidate(
                ballotKey: "national", areaID: "za", partyKey: "anc", givenNames: "Nomvula", surname: "Mokonyane",
                listPosition: 1, age: 61, gender: "F",
                extra: ["occupation": "Minister", "note": "Said \"hello\"\\ on line 1\nline 2\t\u{1}"]
            ),
            Candidate(
                ballotKey: "national", areaID: "za", partyKey: "da", givenNames: "Zoë", surname: "Ntuli-Müller",
                listPosition: 1, extra: ["emoji": "🗳️", "ünïcode key": "KwaZulu\u{2010}Natal"]
            ),
            Candidate(ballotKey: "national", areaID: "za", partyKey: "anc", givenNames: "", surname: "Dlamini", listPosition: 2),
            Candidate(
                ballotKey: "ward", areaID: "ward-1", partyKey: nil, givenNames: "Sipho", surname: "Independent",
                age: 40, gender: "M", extra: [:]
            ),
            Candidate(ballotKey: "ward", areaID: "ward-1", partyKey: "eff", givenNames: "Thandi", surname: "", gender: ""),
            Candidate(ballotKey: "ward", areaID: "ward-1", partyKey: "anc", givenNames: "Same", surname: "Same", extra: ["": ""]),
        ]
        return Dataset(site: site, ballots: ballots, areas: areas, parties: parties, candidates: candidates)
    }

    /// A dataset shaped like a real one, with `candidates` candidates spread over wards, about
    /// a quarter of them with an extra attribute and one in twenty independent.
    static func generated(candidates count: Int, wards: Int = 500, parties partyCount: Int = 40) -> Dataset {
        let ballots = [
            Ballot(key: "national", title: "National", position: 1, kind: .partyList, areaLevel: "country"),
            Ballot(key: "ward", title: "Ward", position: 2, kind: .singleMember, areaLevel: "ward"),
        ]
        var areas = [Area(id: "za", code: "ZA", name: "South Africa", level: "country")]
        for ward in 0..<wards {
            areas.append(Area(id: "ward-\(ward)", code: "\(ward)", name: "Ward \(ward)", level: "ward", parentID: "za"))
        }
        let parties = (0..<partyCount).map { Party(key: "party-\($0)", name: "Party number \($0)", abbreviation: "P\($0)") }
        var candidates: [Candidate] = []
        candidates.reserveCapacity(count)
        for index in 0..<count {
            let isNational = index % 10 == 0
            candidates.append(
                Candidate(
                    ballotKey: isNational ? "national" : "ward",
                    areaID: isNational ? "za" : "ward-\(index % wards)",
                    partyKey: index % 20 == 7 ? nil : "party-\(index % partyCount)",
                    givenNames: "Given\(index) Middle",
                    surname: "Surname\(index)",
                    listPosition: isNational ? index / 10 + 1 : nil,
                    age: 18 + index % 70,
                    gender: index % 2 == 0 ? "F" : "M",
                    extra: index % 4 == 0 ? ["occupation": "Occupation \(index % 100)"] : [:]
                )
            )
        }
        return Dataset(
            site: SiteSettings(title: "Generated"),
            ballots: ballots,
            areas: areas,
            parties: parties,
            candidates: candidates
        )
    }

    static let sources = [
        SourceFile(file: "national.csv", sha256: String(repeating: "a", count: 64)),
        SourceFile(file: "ward.csv", sha256: String(repeating: "b", count: 64)),
    ]
}
