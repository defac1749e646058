import Foundation

/// URL-safe, stable identifiers made from display text.
public enum Slug {
    /// Lower-cases, strips accents, and joins runs of letters and digits with single hyphens:
    /// `"KwaZulu‐Natal"` (with U+2010) becomes `"kwazulu-natal"`, `"Économie & Co."` `"economie-co"`,
    /// `"People's Party"` `"peoples-party"`.
    public static func make(_ text: String) -> String {
        let folded = text.folding(options: [.caseInsensitive, .diacriticInsensitive, .widthInsensitive], locale: nil)
        var slug = ""
        var pendingHyphen = false
        for scalar in folded.unicodeScalars {
            if scalar.isASCII, CharacterSet.alphanumerics.contains(scalar) {
                if pendingHyphen && !slug.isEmpty { slug.append("-") }
                pendingHyphen = false
                slug.unicodeScalars.append(scalar)
            } else if scalar == "'" || scalar == "\u{2019}" {
                // "People's" reads as one word; keep it one.
                continue
            } else {
                pendingHyphen = true
            }
        }
        return slug
    }
}
