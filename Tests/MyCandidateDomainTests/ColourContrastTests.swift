import MyCandidateDomain
import Testing

@Suite struct ColourContrastTests {
    @Test func ratiosFollowWCAG() throws {
        #expect(try #require(ColourContrast.ratio("#000", "white")) == 21)
        #expect(try #require(ColourContrast.ratio("#ffffff", "#FFF")) == 1)
        // #767676 on white is the classic just-passing grey.
        let grey = try #require(ColourContrast.ratio("#767676", "#ffffff"))
        #expect(grey > 4.5 && grey < 4.6)
        #expect(ColourContrast.ratio("rgb(0,0,0)", "#fff") == nil)
    }

    @Test func failingPairsAreNamedForTheOperator() {
        let colours = SiteColours(
            footer: "#1d3557", bodyForeground: "#999999", bodyBackground: "#ffffff",
            findCandidatesButton: "#ffd700", candidateNames: "navy", navBars: "#30474A"
        )
        #expect(ColourContrast.problems(in: colours) == [
            "body_foreground_colour #999999 on body_background_colour #ffffff has contrast 2.85:1, below WCAG AA's 4.5:1",
            "white text on find_candidates_button #ffd700 has contrast 1.40:1, below WCAG AA's 4.5:1",
        ])
        #expect(ColourContrast.problems(in: SiteColours()).isEmpty, "the defaults must pass")
    }

    @Test func onlyColourTextIsValid() {
        #expect(CSSColour.isValid("rgb(48, 71, 74)"))
        #expect(!CSSColour.isValid("red;}body{x"))
    }
}
