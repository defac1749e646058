import Foundation
import Hummingbird
import HummingbirdTesting
import MyCandidateCache
import MyCandidateDomain
@testable import MyCandidateWeb
import Testing

@Suite struct InsightsTests {
    func withApp(_ dataset: Dataset? = WebFixture.dataset, _ body: @Sendable (any TestClientProtocol) async throws -> Void) async throws {
        let app = try await buildApplication(try await WebFixture.config(publishing: dataset))
        try await app.test(.router, body)
    }

    func snapshot(_ dataset: Dataset) -> Snapshot {
        let version = DatasetVersion(
            id: 1, createdAt: Date(timeIntervalSince1970: 0), publishedAt: nil, status: .published, sources: [], counts: dataset.counts
        )
        return Snapshot(version: version, dataset: dataset)
    }

    func rows(_ counts: [Insights.Count]) -> [String] { counts.map { "\($0.label) \($0.count)" } }

    /// Twelve candidates whose genders are spelled every way sources spell them and whose
    /// ages fall in every band, one of them below 18.
    static let people: Dataset = {
        let genders: [String?] = ["M", "Male", "male", "F", "Female", " female ", "", nil, "Other", "other", "Non-binary", nil]
        let ages: [Int?] = [17, 18, 29, 30, 39, 45, 69, 70, 95, nil, nil, 60]
        return Dataset(
            site: SiteSettings(title: "People"),
            ballots: [Ballot(key: "ward", title: "Ward", explainer: "", position: 0, kind: .singleMember, areaLevel: "ward")],
            areas: [Area(id: "ward-1", code: "1", name: "Harbour", level: "ward")],
            parties: [Party(key: "p", name: "P")],
            candidates: zip(genders, ages).enumerated().map { index, person in
                Candidate(ballotKey: "ward", areaID: "ward-1", partyKey: "p", givenNames: "N\(index)", surname: "S", age: person.1, gender: person.0)
            }
        )
    }()

    /// Seventeen parties, Party 01 with 17 candidates down to Party 17 with one, and two
    /// independents on a second ballot.
    static let manyParties: Dataset = {
        let parties = (1...17).map { Party(key: "party-\($0)", name: String(format: "Party %02d", $0)) }
        let listed = parties.enumerated().flatMap { index, party in
            (1...(17 - index)).map { position in
                Candidate(ballotKey: "national", areaID: "national", partyKey: party.key, givenNames: "N", surname: "S", listPosition: position)
            }
        }
        let independents = ["A", "B"].map { Candidate(ballotKey: "ward", areaID: "ward-1", partyKey: nil, givenNames: $0, surname: "S") }
        return Dataset(
            site: SiteSettings(title: "Many"),
            ballots: [
                Ballot(key: "national", title: "National", explainer: "", position: 0, kind: .partyList, areaLevel: "country"),
                Ballot(key: "ward", title: "Ward", explainer: "", position: 1, kind: .singleMember, areaLevel: "ward"),
            ],
            areas: [
                Area(id: "national", code: "N", name: "National", level: "country"),
                Area(id: "ward-1", code: "1", name: "Harbour", level: "ward"),
            ],
            parties: parties,
            candidates: listed + independents
        )
    }()

    @Test func theFixtureIsCountedByBallotPartyGenderAndAge() {
        let insights = Insights(snapshot: snapshot(WebFixture.dataset), text: .english)
        #expect(insights.total == 6)
        #expect(rows(insights.byBallot) == ["Provincial 4", "Ward 2"])
        #expect(rows(insights.byParty) == ["Sunrise Alliance 3", "Harbour Democrats 2", "Independent 1"])
        #expect(rows(insights.byGender) == ["Male 0", "Female 0", "Not given 6"])
        #expect(rows(insights.byAge) == ["18–29 0", "30–39 0", "40–49 1", "50–59 1", "60–69 0", "70+ 0", "Not given 4"])
    }

    @Test func gendersAreNormalisedAndAgesBanded() {
        let insights = Insights(snapshot: snapshot(Self.people), text: .english)
        #expect(insights.total == 12)
        // "Other" and "other" are one value, labelled as first seen; blanks are "Not given".
        #expect(rows(insights.byGender) == ["Male 3", "Female 3", "Other 2", "Non-binary 1", "Not given 3"])
        #expect(rows(insights.byAge) == ["Under 18 1", "18–29 2", "30–39 2", "40–49 1", "50–59 0", "60–69 2", "70+ 2", "Not given 2"])
    }

    @Test func fifteenPartiesAreNamedAndTheRestShareARow() {
        let insights = Insights(snapshot: snapshot(Self.manyParties), text: .english)
        #expect(insights.total == 155)
        #expect(insights.byParty.count == 17)
        #expect(rows(Array(insights.byParty.prefix(2))) == ["Party 01 17", "Party 02 16"])
        #expect(rows(Array(insights.byParty.suffix(3))) == ["Party 15 3", "Other parties 3", "Independent 2"])
        #expect(rows(insights.byBallot) == ["National 153", "Ward 2"])
    }

    @Test func percentagesHaveOneDecimalRoundedHalfUp() {
        #expect(Insights.percentage(1, of: 6) == "16.7%")
        #expect(Insights.percentage(2, of: 3) == "66.7%")
        #expect(Insights.percentage(1, of: 8) == "12.5%")
        #expect(Insights.percentage(1, of: 16) == "6.3%")
        #expect(Insights.percentage(6, of: 6) == "100.0%")
        #expect(Insights.percentage(0, of: 0) == "0.0%")
    }

    @Test func barsScaleToTheLargestRow() {
        let rows = [Insights.Count(label: "A", count: 3), Insights.Count(label: "B", count: 1), Insights.Count(label: "C", count: 0)]
        let chart = BarChart(id: "c", title: "T", labelHeader: "H", rows: rows, total: 4, text: .english)
        #expect(chart.bars.map(\.width) == ["250.0", "83.3", "0.0"])
        #expect(chart.bars.map(\.value) == ["3 (75.0%)", "1 (25.0%)", "0 (0.0%)"])
        #expect(chart.summary == "Largest: A, 3 candidates (75.0%)")
        #expect(chart.height == 3 * BarChart.rowHeight + 4)
        let long = BarChart(id: "c", title: "T", labelHeader: "H", rows: [.init(label: String(repeating: "x", count: 60), count: 1)], total: 1, text: .english)
        #expect(long.bars[0].label == String(repeating: "x", count: 39) + "…")
        #expect(long.bars[0].fullLabel.count == 60)
    }

    @Test func thePageShowsChartsWithTextAlternatives() async throws {
        try await withApp { client in
            try await client.execute(uri: "/insights", method: .get) { response in
                #expect(response.status == .ok)
                let html = String(buffer: response.body)
                #expect(html.contains("<h1>Insights</h1>"))
                #expect(html.contains(#"<svg class="chart" role="img" aria-labelledby="chart-party-title chart-party-desc" viewBox="0 0 360 148" width="100%">"#))
                #expect(html.contains(#"<title id="chart-party-title">Candidates by party</title>"#))
                #expect(html.contains(#"<desc id="chart-party-desc">Largest: Sunrise Alliance, 3 candidates (50.0%)</desc>"#))
                #expect(html.contains(#"<desc id="chart-gender-desc">Largest: Not given, 6 candidates (100.0%)</desc>"#))
                #expect(html.contains(#"<tr><th scope="row">Sunrise Alliance</th><td class="number">3</td><td class="number">50.0%</td></tr>"#))
                #expect(html.contains(#"<tr><th scope="row">Provincial</th><td class="number">4</td><td class="number">66.7%</td></tr>"#))
                #expect(html.contains(#"<tr><th scope="row">Independent</th><td class="number">1</td><td class="number">16.7%</td></tr>"#))
                #expect(html.contains(#"<tr><th scope="row">40–49</th><td class="number">1</td><td class="number">16.7%</td></tr>"#))
                #expect(html.contains(#"<th scope="col">Party</th><th scope="col">Candidates</th><th scope="col">Share</th>"#))
                // The CSP allows no inline styles: colours come from classes.
                #expect(!html.contains("style="))
                try HTMLSnapshot.assert(html, named: "insights")
            }
        }
    }

    /// The table is the chart's text alternative, so it must say exactly what the bars do.
    @Test func everyTableMatchesItsChart() async throws {
        try await withApp(Self.manyParties) { client in
            try await client.execute(uri: "/insights", method: .get) { response in
                let html = String(buffer: response.body)
                let sections = html.split(separator: "<section ").dropFirst()
                #expect(sections.count == 4)
                for section in sections {
                    let bars = section.matches(of: /<text x="0" y="\d+">([^<]*)<\/text><rect class="bar" x="0" y="\d+" width="[\d.]+" height="18"><\/rect><text x="[\d.]+" y="\d+">(\d+) \(([\d.]+%)\)<\/text>/)
                        .map { "\($0.output.1) \($0.output.2) \($0.output.3)" }
                    let table = section.matches(of: /<tr><th scope="row">([^<]*)<\/th><td class="number">(\d+)<\/td><td class="number">([\d.]+%)<\/td><\/tr>/)
                        .map { "\($0.output.1) \($0.output.2) \($0.output.3)" }
                    #expect(!bars.isEmpty)
                    #expect(bars == table)
                    #expect(section.matches(of: /<td class="number">(\d+)<\/td><td/).reduce(0) { $0 + Int($1.output.1)! } == 155)
                }
                #expect(html.contains(#"<tr><th scope="row">Other parties</th><td class="number">3</td><td class="number">1.9%</td></tr>"#))
            }
        }
    }

    @Test func labelsAreEscapedInTheChartAndTheTable() async throws {
        var dataset = WebFixture.dataset
        dataset.parties[0].name = "Sun <script>alert(1)</script> & Co"
        try await withApp(dataset) { client in
            try await client.execute(uri: "/insights", method: .get) { response in
                let html = String(buffer: response.body)
                #expect(!html.contains("<script>alert"))
                #expect(!html.contains(" & Co"))
                let escaped = "Sun &lt;script&gt;alert(1)&lt;/script&gt; &amp; Co"
                #expect(html.contains(#"<text x="0" y="16">\#(escaped)</text>"#))
                #expect(html.contains(#"<tr><th scope="row">\#(escaped)</th>"#))
                #expect(html.contains(#"<desc id="chart-party-desc">Largest: \#(escaped), 3 candidates (50.0%)</desc>"#))
            }
        }
    }

    @Test func kiswahiliRendersEveryLabel() async throws {
        try await withApp { client in
            try await client.execute(uri: "/insights?lang=sw", method: .get) { response in
                #expect(response.status == .ok)
                let html = String(buffer: response.body)
                #expect(html.contains(#"<html lang="sw">"#))
                #expect(html.contains("<h1>Takwimu</h1>"))
                #expect(html.contains("<p>Jinsi wagombea 6 kwenye kura wanavyogawanyika kwa kura, chama, jinsia na umri.</p>"))
                #expect(html.contains(#"<desc id="chart-party-desc">Wengi zaidi: Sunrise Alliance, wagombea 3 (50.0%)</desc>"#))
                #expect(html.contains(#"<h2 id="chart-gender-heading">Wagombea kwa jinsia</h2>"#))
                #expect(html.contains(#"<tr><th scope="row">Mwanaume</th><td class="number">0</td>"#))
                #expect(html.contains(#"<tr><th scope="row">Mgombea huru</th><td class="number">1</td>"#))
                #expect(html.contains(#"<th scope="col">Jinsia</th><th scope="col">Wagombea</th><th scope="col">Asilimia</th>"#))
            }
        }
    }

    @Test func nothingPublishedIsNotFound() async throws {
        try await withApp(nil) { client in
            try await client.execute(uri: "/insights", method: .get) { response in
                #expect(response.status == .notFound)
            }
        }
    }
}
