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

    @Test func secondaryTextOnADarkBackgroundIsAProblem() {
        let dark = SiteColours(bodyForeground: "#eeeeee", bodyBackground: "#111111", candidateNames: "#ffffff")
        #expect(ColourContrast.problems(in: dark) == [
            "secondary text (#555555) on body_background_colour #111111 has contrast 2.53:1, below WCAG AA's 4.5:1",
        ])
    }

    @Test func everyColourButTheLogoIsInAPair() {
        let paired = Set(ColourContrast.pairs.flatMap(\.settings))
        #expect(paired == Set(SiteColour.allCases).subtracting([.logo]))
        #expect(Set(ColourContrast.pairs.map(\.id)).count == ColourContrast.pairs.count)
        // Each setting reads and writes its own property.
        var colours = SiteColours()
        for (index, colour) in SiteColour.allCases.enumerated() { colour.set("#00000\(index)", in: &colours) }
        #expect(SiteColour.allCases.enumerated().allSatisfy { $1.value(in: colours) == "#00000\($0)" })
    }

    @Test func hexColoursAreNormalised() {
        #expect(ColourContrast.normalizedHex("#ABC") == "#aabbcc")
        #expect(ColourContrast.normalizedHex("#1D3557") == "#1d3557")
        for text in ["navy", "#abcd", "#1d35570", "#1d3557ff", "#ＡＢＣ", "1d3557", "#+abcde"] {
            #expect(ColourContrast.normalizedHex(text) == nil, "\(text)")
        }
        #expect(ColourContrast.ratio("#+abcde", "#ffffff") == nil, "a sign is not a hex digit")
    }

    @Test func ratiosAreShownCutToOneDecimal() {
        #expect(ColourContrast.formatted(4.4999) == "4.4:1")
        #expect(ColourContrast.formatted(4.5) == "4.5:1")
        #expect(ColourContrast.formatted(21) == "21.0:1")
    }

    @Test func onlyColourTextIsValid() {
        #expect(CSSColour.isValid("rgb(48, 71, 74)"))
        #expect(!CSSColour.isValid("red;}body{x"))
    }
}
