import Hummingbird
import HummingbirdTesting
@testable import MyCandidateWeb
import Testing

@Suite struct LocalizationTests {
    @Test(arguments: [
        (nil, nil, Language.en),
        (nil, "sw-KE,sw;q=0.9,en;q=0.8", .sw),
        (nil, "fr-FR, en;q=0.5, sw;q=0.7", .sw),
        (nil, "sw;q=0, en", .en),
        (nil, "de", .en),
        ("sw", "en", .sw),
        ("EN", "sw", .en),
        ("xx", "sw", .sw),
    ] as [(String?, String?, Language)])
    func languageComesFromTheQueryThenAcceptLanguage(query: String?, accept: String?, expected: Language) {
        #expect(Language.resolve(query: query, acceptLanguage: accept) == expected)
    }

    @Test func aMissingTranslationFallsBackToEnglish() {
        let partial = UIText.english.overriding([(\.home, "Mwanzo")])
        #expect(partial.home == "Mwanzo")
        #expect(partial.findCandidates == "Find candidates")
    }

    /// A translation that drops or renames a `{placeholder}` would show a raw brace or lose a
    /// number; every Kiswahili message must keep English's placeholders.
    @Test func translationsKeepEveryPlaceholder() {
        let english = Dictionary(uniqueKeysWithValues: Mirror(reflecting: UIText.english).children.map { ($0.label!, $0.value as! String) })
        for child in Mirror(reflecting: UIText.kiswahili).children {
            let label = child.label!, swahili = child.value as! String
            #expect(!swahili.isEmpty, "\(label) is empty")
            #expect(placeholders(swahili) == placeholders(english[label]!), "\(label): \(swahili)")
        }
    }

    func placeholders(_ text: String) -> Set<String> {
        Set(text.matches(of: /\{[a-z]+\}/).map { String($0.output) })
    }

    @Test func acceptLanguageServesKiswahiliAndLinksKeepIt() async throws {
        let app = try await buildApplication(try await WebFixture.config())
        try await app.test(.router) { client in
            let english = try await client.execute(uri: "/ballots/ward/areas/ward-1", method: .get) { $0.headers[.eTag] }
            try await client.execute(uri: "/ballots/ward/areas/ward-1", method: .get, headers: [.acceptLanguage: "sw-KE, en;q=0.5"]) { response in
                #expect(response.status == .ok)
                #expect(response.headers[.vary] == "Accept-Language, Accept-Encoding")
                #expect(response.headers[.eTag] != english)
                let html = String(buffer: response.body)
                #expect(html.contains(#"<html lang="sw">"#))
                #expect(html.contains("<h2>Wagombea</h2>"))
                #expect(html.contains("Mgombea huru"))
                #expect(html.contains(#"<a href="/?lang=sw">Mwanzo</a>"#))
                #expect(html.contains(#"<a href="/ballots/ward/areas/ward-1?lang=en" lang="en" hreflang="en">English</a>"#))
                try HTMLSnapshot.assert(html, named: "results-single-member-sw")
            }
            // The query wins over the header, and the two languages are cached apart.
            try await client.execute(uri: "/ballots/ward/areas/ward-1?lang=en", method: .get, headers: [.acceptLanguage: "sw"]) { response in
                #expect(String(buffer: response.body).contains("<h2>Candidates</h2>"))
            }
            try await client.execute(uri: "/pick?ballot=ward&area=ward-1&lang=sw", method: .get) { response in
                #expect(response.headers[.location] == "/ballots/ward/areas/ward-1?lang=sw")
            }
            try await client.execute(uri: "/ballots/ward/areas/ward-9?lang=sw", method: .get) { response in
                #expect(response.status == .notFound)
                let html = String(buffer: response.body)
                #expect(html.contains("<h1>Ukurasa haukupatikana</h1>"))
                #expect(html.contains("Hakuna eneo “ward-9” kwenye kura ya Ward."))
            }
        }
    }

    @Test func placeholdersAreFilledOnceAndUnknownBracesKept() {
        var text = UIText.english
        text.searchResultsTitle = "{query} in {count} {places}: {"
        #expect(text.format(\.searchResultsTitle, ["query": "{count}", "count": "2"]) == "{count} in 2 {places}: {")
        #expect(text.format(\.searchResultsTitle, [:]) == "{query} in {count} {places}: {")
        #expect(AreaLabel.levelName("Polling_District-Ward") == "polling district ward")
        #expect(AreaLabel.levelName("") == "area")
    }

    @Test func eachLanguagesPreparedCatalogHoldsItsOwnStrings() throws {
        for language in Language.allCases {
            let rendered = try #require(PageText(language: language).rendered as? [String: Any])
            #expect(rendered["searchHeading"] as? String == language.text.searchHeading)
            #expect(rendered.count > 50)
        }
    }
}
