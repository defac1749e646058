import Foundation
@testable import MyCandidateCache
import MyCandidateDomain
import Testing

@Suite struct CandidateSearchTests {
    static let snapshot = Snapshot(version: SnapshotTests.version, dataset: SnapshotTests.dataset)

    func names(_ page: CandidateSearch.Page) -> [String] {
        page.candidates.map { Self.snapshot.candidates[$0].fullName }
    }

    @Test func displayOrderIsBallotThenAreaThenListing() {
        let order = Self.snapshot.candidatesInDisplayOrder.map { Self.snapshot.candidates[Int($0)].fullName }
        // national, county governor, ward (ballot paper order: Ay before Zed), senate (Highfield before Lakeside).
        #expect(order == ["N One", "G One", "W Ay", "W Zed", "S Two", "S One"])
    }

    @Test func everyQueryWordMustStartAWordOfTheName() {
        let search = Self.snapshot.candidateSearch
        #expect(names(search.page(matching: "one", from: 0, limit: 10) { _ in true }) == ["N One", "G One", "S One"])
        #expect(names(search.page(matching: "one s", from: 0, limit: 10) { _ in true }) == ["S One"])
        #expect(names(search.page(matching: "ne", from: 0, limit: 10) { _ in true }).isEmpty, "mid-word text does not match")
        #expect(names(search.page(matching: "ZED, w", from: 0, limit: 10) { _ in true }) == ["W Zed"])
        #expect(names(search.page(matching: "--", from: 0, limit: 10) { _ in true }).isEmpty, "no letters, no matches")
        #expect(names(search.page(matching: nil, from: 0, limit: 10) { _ in true }).count == 6)
    }

    @Test func pagesResumeWhereTheLastStopped() throws {
        let search = Self.snapshot.candidateSearch
        let first = search.page(matching: "one", from: 0, limit: 2) { _ in true }
        #expect(names(first) == ["N One", "G One"])
        let next = try #require(first.next)
        let second = search.page(matching: "one", from: next, limit: 2) { _ in true }
        #expect(names(second) == ["S One"])
        #expect(second.next == nil)
    }

    @Test func theFilterNarrowsBeforePaging() {
        let snapshot = Self.snapshot
        let ward = snapshot.index(ofBallot: "ward")
        let page = snapshot.candidateSearch.page(matching: nil, from: 0, limit: 1) { snapshot.candidates[$0].ballotIndex == ward }
        #expect(names(page) == ["W Ay"])
        #expect(page.next != nil)
    }

    @Test func theASCIIShortcutFoldsExactlyAsTheUnicodePath() {
        let samples = (0..<128).map { String(UnicodeScalar(UInt8($0))) } + [
            "O'Brien-Smith", "  du  Plessis ", "MURANG'A", "a^b`c_d", "Van der Berg, Jr.", "x\ty\r\nz", "12-34",
        ]
        for sample in samples {
            #expect(SearchKey.fold(sample) == SearchKey.foldWithoutFastPath(sample), "\(sample.debugDescription)")
        }
        #expect(SearchKey.fold("Renée du Plessis") == Array("renee du plessis".utf8))
    }
}
