import Foundation
import MyCandidateCache
import MyCandidateDomain

/// View model of `/insights`: a bar chart and a table for each breakdown of the candidates.
struct InsightsPage: Encodable, Sendable {
    var intro: String
    var note: String
    var charts: [BarChart]

    init(snapshot: Snapshot, request: PageRequest) {
        let text = request.text
        let insights = Insights(snapshot: snapshot, text: text)
        intro = text.format(\.insightsIntro, ["candidates": text.count(insights.total, one: \.candidatesOne, other: \.candidatesOther)])
        note = text.insightsNote
        func chart(_ id: String, _ title: KeyPath<UIText, String>, _ header: KeyPath<UIText, String>, _ rows: [Insights.Count]) -> BarChart {
            BarChart(id: "chart-" + id, title: text[keyPath: title], labelHeader: text[keyPath: header], rows: rows, total: insights.total, text: text)
        }
        charts = [
            chart("ballot", \.byBallotHeading, \.ballotHeader, insights.byBallot),
            chart("party", \.byPartyHeading, \.partyHeader, insights.byParty),
            chart("gender", \.byGenderHeading, \.genderHeader, insights.byGender),
            chart("age", \.byAgeHeading, \.ageHeader, insights.byAge),
        ]
    }
}

/// How a dataset's candidates are spread by ballot, party, gender and age band, counted from
/// the snapshot. Runs once per page render, and renders are cached per dataset version and
/// language, so the full pass over the candidates is not on the per-request path.
///
/// Every count is of candidacies: someone standing on two ballots counts once on each, so each
/// breakdown sums to the same total and the percentages of each add up to 100.
struct Insights: Sendable {
    /// One row of a breakdown: what is counted, and how many.
    struct Count: Sendable, Equatable {
        var label: String
        var count: Int
    }

    /// Parties charted by name; the rest share one "Other parties" row so a long tail of
    /// small parties does not make the chart unreadably tall.
    static let partiesShown = 15

    var total: Int
    /// Every ballot, in ballot order.
    var byBallot: [Count]
    /// The largest parties by candidates, then "Other parties" and "Independent" when non-empty.
    var byParty: [Count]
    /// Male, Female, any other value as imported, then "Not given".
    var byGender: [Count]
    /// Fixed ten-year bands, so datasets compare at a glance, then "Not given".
    var byAge: [Count]

    init(snapshot: Snapshot, text: UIText) {
        total = snapshot.candidates.count
        byBallot = snapshot.ballots.map { Count(label: $0.title, count: snapshot.candidateCount(onBallot: $0.key)) }

        var perParty = [Int](repeating: 0, count: snapshot.parties.count)
        var independents = 0
        var genders = GenderTally()
        var ages = AgeTally()
        for candidate in snapshot.candidates {
            if let index = candidate.partyIndex { perParty[Int(index)] += 1 } else { independents += 1 }
            genders.add(candidate.gender)
            ages.add(candidate.age)
        }
        byParty = Self.partyRows(perParty, parties: snapshot.parties, independents: independents, text: text)
        byGender = genders.rows(text: text)
        byAge = ages.rows(text: text)
    }

    private static func partyRows(_ perParty: [Int], parties: [Party], independents: Int, text: UIText) -> [Count] {
        let ranked = zip(parties, perParty)
            .filter { $0.1 > 0 }
            .sorted { a, b in
                a.1 != b.1 ? a.1 > b.1 : a.0.name.localizedStandardCompare(b.0.name) == .orderedAscending
            }
        var rows = ranked.prefix(partiesShown).map { Count(label: $0.0.name, count: $0.1) }
        let others = ranked.dropFirst(partiesShown).reduce(0) { $0 + $1.1 }
        if others > 0 { rows.append(Count(label: text.otherParties, count: others)) }
        if independents > 0 { rows.append(Count(label: text.independent, count: independents)) }
        return rows
    }

    /// A share of the total with one decimal, rounded half up in integer arithmetic so the
    /// figure never depends on floating-point formatting or the visitor's locale.
    static func percentage(_ count: Int, of total: Int) -> String {
        guard total > 0 else { return "0.0%" }
        let tenths = (count * 1000 + total / 2) / total
        return "\(tenths / 10).\(tenths % 10)%"
    }
}

/// Genders as imported, with the spellings sources use for male and female folded together.
private struct GenderTally {
    var male = 0
    var female = 0
    var notGiven = 0
    /// Other values by their lowercased form, labelled with the first spelling seen, so "Other"
    /// and "other" make one row.
    var others: [String: Insights.Count] = [:]

    mutating func add(_ gender: String?) {
        let value = (gender ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        switch value.lowercased() {
        case "": notGiven += 1
        case "m", "male": male += 1
        case "f", "female": female += 1
        case let key: others[key, default: Insights.Count(label: value, count: 0)].count += 1
        }
    }

    /// Male and Female are always shown, even at zero, so a dataset without genders says so
    /// rather than showing one lone "Not given" bar with nothing to compare it to.
    func rows(text: UIText) -> [Insights.Count] {
        let other = others.values
            .sorted { $0.count != $1.count ? $0.count > $1.count : $0.label.localizedStandardCompare($1.label) == .orderedAscending }
        return [Insights.Count(label: text.genderMale, count: male), Insights.Count(label: text.genderFemale, count: female)]
            + other + [Insights.Count(label: text.notGiven, count: notGiven)]
    }
}

/// Ages in fixed bands.
private struct AgeTally {
    /// Lower bounds of the ten-year bands after 18–29; the last is open-ended.
    static let bounds = [18, 30, 40, 50, 60, 70]

    var bands = [Int](repeating: 0, count: bounds.count)
    var underAge = 0
    var notGiven = 0

    mutating func add(_ age: Int?) {
        guard let age else { notGiven += 1; return }
        guard let band = Self.bounds.lastIndex(where: { age >= $0 }) else { underAge += 1; return }
        bands[band] += 1
    }

    /// An "Under 18" row appears only when the data has such ages: a source error worth seeing,
    /// but noise on every other chart.
    func rows(text: UIText) -> [Insights.Count] {
        let labels = zip(Self.bounds, Self.bounds.dropFirst()).map { "\($0)–\($1 - 1)" } + ["\(Self.bounds.last!)+"]
        let under = underAge > 0 ? [Insights.Count(label: text.ageUnder18, count: underAge)] : []
        return under + zip(labels, bands).map { Insights.Count(label: $0, count: $1) }
            + [Insights.Count(label: text.notGiven, count: notGiven)]
    }
}
