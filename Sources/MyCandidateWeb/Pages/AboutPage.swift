import Foundation
import MyCandidateCache
import MyCandidateDomain

/// View model of the "about this data" page.
struct AboutPage: Encodable, Sendable {
    var intro: String
    var published: String
    var imported: String
    var counts: String
    var sources: [SourceFile]

    init(snapshot: Snapshot, request: PageRequest) {
        let text = request.text
        let version = snapshot.version
        func day(_ date: Date) -> String { date.formatted(.iso8601.year().month().day()) }
        intro = text.format(\.aboutIntro, ["version": String(version.id)])
        published = version.publishedAt.map { text.format(\.publishedOn, ["date": day($0)]) } ?? text.notYetPublished
        imported = text.format(\.importedOn, ["date": day(version.createdAt)])
        counts = [
            text.count(version.counts.ballots, one: \.ballotsOne, other: \.ballotsOther),
            text.count(version.counts.parties, one: \.partiesOne, other: \.partiesOther),
            text.count(version.counts.candidates, one: \.candidatesOne, other: \.candidatesOther),
        ].joined(separator: ", ")
        sources = version.sources
    }
}
