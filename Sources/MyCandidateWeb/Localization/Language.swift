import Foundation

/// A language the site's own text is available in. Data (ballot titles, explainers, names)
/// stays as imported.
enum Language: String, CaseIterable, Sendable, Encodable {
    case en
    case sw

    static let fallback = Language.en

    /// The language's own name, as a switcher shows it.
    var endonym: String {
        switch self {
        case .en: "English"
        case .sw: "Kiswahili"
        }
    }

    /// The catalog for this language, English filling whatever it lacks.
    var text: UIText {
        switch self {
        case .en: .english
        case .sw: .kiswahili
        }
    }

    /// `?lang=` wins; otherwise the most preferred supported language of `Accept-Language`
    /// (RFC 9110 §12.5.4: quality values, primary subtags); otherwise English.
    static func resolve(query: String?, acceptLanguage: String?) -> Language {
        if let query, let chosen = Language(rawValue: query.lowercased()) { return chosen }
        guard let acceptLanguage else { return fallback }
        var best: (language: Language, quality: Double)?
        for item in acceptLanguage.split(separator: ",") {
            let parts = item.split(separator: ";").map { $0.trimmingCharacters(in: .whitespaces) }
            guard let tag = parts.first, let primary = tag.split(separator: "-").first,
                  let language = Language(rawValue: primary.lowercased()) else { continue }
            let quality = parts.dropFirst()
                .first { $0.hasPrefix("q=") }
                .flatMap { Double($0.dropFirst(2)) } ?? 1
            if quality > 0, quality > (best?.quality ?? 0) { best = (language, quality) }
        }
        return best?.language ?? fallback
    }
}
