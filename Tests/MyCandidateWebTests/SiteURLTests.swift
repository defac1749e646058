import MyCandidateDomain
@testable import MyCandidateWeb
import Testing

@Suite struct SiteURLTests {
    @Test func pathsFillTheRoutePatterns() {
        #expect(SiteURL.home.path == "/")
        #expect(SiteURL.ballot("national_regional").path == "/ballots/national_regional")
        #expect(SiteURL.results(ballot: "ward", area: "ward-1").path == "/ballots/ward/areas/ward-1")
        #expect(SiteURL.results(ballot: "x", area: "a b/c").path == "/ballots/x/areas/a%20b%2Fc")
    }

    @Test func everyRouteHasAURL() {
        let urls: [SiteURL] = [.home, .pick, .ballot("b"), .results(ballot: "b", area: "a"), .healthz, .asset("f.css"), .areaBallots("a"), .about, .parties, .party("p"), .insights, .partyList(ballot: "b", area: "a", party: "p"), .search, .searchSuggest, .embedHome, .embedResults(ballot: "b", area: "a"), .embedAreaBallots("a"), .embedCode, .embedSearch, .embedSearchSuggest]
        #expect(Set(urls.map(\.route)) == Set(SiteURL.Route.allCases))
    }

    @Test func onlyPlainColoursReachTheStylesheet() {
        #expect(CSSColour.isValid("#30474A"))
        #expect(CSSColour.isValid("navy"))
        #expect(!CSSColour.isValid("#30474A\n"))
        #expect(!CSSColour.isValid("red;}body{x"))
        #expect(PageChrome.safeLink("javascript:alert(1)") == nil)
        #expect(PageChrome.safeLink("https://x.example/") == "https://x.example/")
    }
}
