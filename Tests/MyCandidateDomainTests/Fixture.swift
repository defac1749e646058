import MyCandidateDomain

/// Small datasets built in code for domain tests.
enum Fixture {
    static let partyList = Ballot(key: "national", title: "National", position: 0, kind: .partyList, areaLevel: "country")
    static let ward = Ballot(key: "ward", title: "Ward", position: 1, kind: .singleMember, areaLevel: "ward")

    static func candidate(_ given: String, _ surname: String, party: String?, position: Int? = nil, ballot: String = "national", area: String = "national") -> Candidate {
        Candidate(ballotKey: ballot, areaID: area, partyKey: party, givenNames: given, surname: surname, listPosition: position)
    }

    static let partyNames = ["zeta": "Zeta Party", "alpha": "alpha Union", "mid": "Middle Movement"]
}
