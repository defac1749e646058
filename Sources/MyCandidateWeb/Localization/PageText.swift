/// A page's catalog, `t` in the templates: the visitor's language's ``UIText``.
///
/// It encodes as that `UIText`. The renderer does not encode it at all: every page in one
/// language shares the same hundred-odd strings, so ``TemplateValues`` takes the form it built
/// once per language at start-up (``rendered``) instead of encoding them on every render.
struct PageText: Encodable, Sendable {
    let language: Language

    func encode(to encoder: any Encoder) throws {
        try language.text.encode(to: encoder)
    }

    /// The catalog as the renderer reads it.
    var rendered: Any { Self.catalogs.byLanguage[language] ?? [String: Any]() }

    private static let catalogs = Catalogs()

    /// Built once and never changed, and holding only strings, so sharing it across threads is
    /// safe although `Any` cannot say so.
    private struct Catalogs: @unchecked Sendable {
        let byLanguage: [Language: Any]

        init() {
            byLanguage = Dictionary(uniqueKeysWithValues: Language.allCases.map { ($0, TemplateValues.make($0.text)) })
        }
    }
}
