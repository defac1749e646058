import Foundation
import MyCandidateDomain

/// The synthetic dataset `serve` publishes on a fresh embedded install, so the site shows
/// something real-shaped before any real list is imported.
///
/// Every name is invented. It is generated as CSV text in the two real-world shapes (a South
/// African style party-list file and a Kenyan style single-member file with a three-level area
/// hierarchy) and then goes through the same importer as real data, so the demo can only show
/// what an import would.
public enum DemoDataset {
    /// Imports the demo: deterministic, the same dataset on every call.
    public static func importResult() throws -> ImportResult {
        var generator = NameGenerator()
        let site = SiteSettings(
            title: "MyCandidate Demoland 2026",
            titleShort: "Demoland",
            partnerName: "Demoland Civic Lab",
            partnerWebsite: "https://example.org/",
            organizationName: "MyCandidate demo",
            organizationLink: "https://example.org/"
        )
        let ballots = [
            BallotSource(
                key: "national", title: "National list",
                explainer: "Demo data. The national ballot elects members of parliament from party lists.",
                level: "country",
                areaColumn: "list_type", files: [partyListFile(name: "demo-national.csv", areas: ["National"], size: 12, generator: &generator)]
            ),
            BallotSource(
                key: "provincial", title: "Provincial list",
                explainer: "Demo data. The provincial ballot elects your provincial legislature.",
                level: "province",
                areaColumn: "list_type",
                files: [partyListFile(name: "demo-provincial.csv", areas: provinces, size: 6, generator: &generator)]
            ),
            BallotSource(
                key: "county_governor", title: "County governor",
                explainer: "Demo data. One governor is elected per county.",
                areaColumn: "County Code", areaNameColumn: "County Name",
                files: [singleMemberFile(name: "demo-county-governor.csv", level: .county, generator: &generator)]
            ),
            BallotSource(
                key: "national_assembly", title: "Member of the National Assembly",
                explainer: "Demo data. One member is elected per constituency.",
                areaColumn: "Constituency Code", areaNameColumn: "Constituency Name",
                files: [singleMemberFile(name: "demo-national-assembly.csv", level: .constituency, generator: &generator)]
            ),
            BallotSource(
                key: "ward", title: "Member of the County Assembly",
                explainer: "Demo data. One member is elected per ward.",
                areaColumn: "Ward Code", areaNameColumn: "Ward Name",
                files: [singleMemberFile(name: "demo-ward.csv", level: .ward, generator: &generator)]
            ),
        ]
        return try Importer.importBallots(site: site, ballots: ballots, options: ImportOptions(titleCaseNames: true))
    }

    static let parties: [(name: String, abbreviation: String)] = [
        ("Sunrise Alliance", "SUN"),
        ("People's Green Movement", "PGM"),
        ("Harbour Democrats", "HD"),
        ("United Farmers' Front", "UFF"),
        ("Civic Forward", "CF"),
    ]

    /// Includes a U+2010 hyphen, as real province names do.
    static let provinces = ["Northmere", "Eastvale", "Kwa-Sundu\u{2010}Highlands"]

    /// county → constituencies → wards, with codes that repeat across levels as real ones do.
    static let hierarchy: [(code: String, name: String, constituencies: [(code: String, name: String, wards: [String])])] = [
        ("1", "Lakeside", [
            ("1", "Lakeside North", ["Harbour", "Fisher's Point", "Reedbank"]),
            ("2", "Lakeside South", ["Millbrook", "Stonegate"]),
        ]),
        ("2", "Highfield", [
            ("3", "Highfield East", ["Tea Gardens", "Kilele", "Upper Ridge"]),
            ("4", "Highfield West", ["Mto Mweupe", "Old Market"]),
        ]),
    ]

    enum Level { case county, constituency, ward }

    private static func partyListFile(name: String, areas: [String], size: Int, generator: inout NameGenerator) -> SourceInput {
        var csv = "party,list_type,orderno,idnumber,full_names,surname,age\n"
        for area in areas {
            for party in parties {
                for position in 1...size {
                    let person = generator.next()
                    csv += "\(quoted(party.name)),\(quoted(area)),\(position),\(generator.maskedID()),\(quoted(person.given)),\(quoted(person.surname)),\(person.age)\n"
                }
            }
        }
        return SourceInput(name: name, data: Data(csv.utf8))
    }

    private static func singleMemberFile(name: String, level: Level, generator: inout NameGenerator) -> SourceInput {
        var csv = "Surname,Other Names,County Code,County Name,Constituency Code,Constituency Name,Ward Code,Ward Name,Party Code,Political Party Name,Abbrv\r\n"
        var wardCode = 0
        for county in hierarchy {
            for constituency in county.constituencies {
                for ward in constituency.wards {
                    wardCode += 1
                    let contested: Bool
                    switch level {
                    case .county: contested = constituency.code == county.constituencies[0].code && ward == constituency.wards[0]
                    case .constituency: contested = ward == constituency.wards[0]
                    case .ward: contested = true
                    }
                    guard contested else { continue }
                    // Every contest gets three party candidates and, in some places, an independent.
                    let standing = generator.partyPick(count: 3, of: parties.count) + (wardCode % 2 == 0 ? [nil] : [])
                    for partyIndex in standing {
                        let person = generator.next()
                        let party = partyIndex.map { parties[$0] }
                        let cells = [
                            person.surname.uppercased(), person.given.uppercased(),
                            county.code, county.name.uppercased(), constituency.code, constituency.name.uppercased(),
                            String(wardCode), ward.uppercased(),
                            partyIndex.map { String(format: "%03d", $0 + 1) } ?? "", party?.name.uppercased() ?? "INDEPENDENT",
                            party?.abbreviation ?? "IND",
                        ]
                        csv += cells.map(quoted).joined(separator: ",") + "\r\n"
                    }
                }
            }
        }
        return SourceInput(name: name, data: Data(csv.utf8))
    }

    private static func quoted(_ value: String) -> String {
        value.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" }) ? "\"" + value.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : value
    }
}

/// A small deterministic generator of invented names (a linear congruential generator, so the
/// demo is identical on every machine and run).
struct NameGenerator {
    private var state: UInt64 = 0x2024_0529

    private static let given = [
        "Amani", "Thandi", "Kofi", "Lindiwe", "Baraka", "Naledi", "Otieno", "Zola", "Wanjiru", "Sipho",
        "Achieng", "Lerato", "Jabari", "Mpho", "Nia", "Tumelo", "Imani", "Kagiso", "Zawadi", "Ayanda",
        "Renée", "José", "Chloë", "Ngozi", "Tariq",
    ]
    private static let surnames = [
        "Mbeki-Osei", "Van der Berg", "Ochieng", "Dlamini", "Mwangi", "O'Connell", "Khumalo", "Njoroge",
        "McAllister", "Botha", "Wekesa", "Nkosi", "Kamau", "du Plessis", "Achterberg", "Mutua", "Zulu",
        "Kariuki", "Naidoo", "Otieno", "Müller", "Sithole", "Wambui", "Petersen",
    ]

    mutating func random(_ bound: Int) -> Int {
        state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
        return Int((state >> 33) % UInt64(bound))
    }

    mutating func next() -> (given: String, surname: String, age: Int) {
        let first = Self.given[random(Self.given.count)]
        let second = random(3) == 0 ? " " + Self.given[random(Self.given.count)] : ""
        return (first + second, Self.surnames[random(Self.surnames.count)], 25 + random(45))
    }

    /// A partially masked ID number like the real files carry; the importer must drop it.
    mutating func maskedID() -> String {
        String(format: "%02d%02d%02d", 60 + random(40), 1 + random(12), 1 + random(28)) + "*******"
    }

    /// `count` distinct indices below `bound`, in ascending order.
    mutating func partyPick(count: Int, of bound: Int) -> [Int?] {
        var picked = Set<Int>()
        while picked.count < min(count, bound) { picked.insert(random(bound)) }
        return picked.sorted().map { $0 }
    }
}
