/// Title-cases names that the source wrote entirely in capitals (`"MWANGI"` → `"Mwangi"`).
///
/// Only text with at least one letter and no lower-case letter is changed: anything with a
/// lower-case letter was typed by someone who chose its casing (`"McDonald"`, `"de Klerk"`), and
/// guessing better than them is impossible. The rules, word by word (words are separated by
/// spaces; parts of a word by `-`, `'`, `’` and `.`):
///
/// - Each part is capitalised: first letter upper-case, the rest lower-case (`"MARY-JANE"` →
///   `"Mary-Jane"`, `"J.K."` → `"J.K."`).
/// - After an apostrophe, a part is capitalised only if the part before is one letter
///   (`"O'BRIEN"` → `"O'Brien"`, `"D'ARCY"` → `"D'Arcy"`), otherwise lower-cased
///   (`"THIONG'O"` → `"Thiong'o"`).
/// - `Mc` followed by two or more letters starts a new capital (`"MCDONALD"` → `"McDonald"`).
///   `Mac` does not: it would wrongly make `"MACHARIA"` into `"MaCharia"`.
/// - Name particles (van, von, der, den, de, du, da, di, dos, das, le, la, ter, te, wa) are lower-cased
///   when another word follows them, except as the first word of given names and area names,
///   which start a phrase. Surnames follow the South African convention of a lower-case particle
///   after the given names (`"VAN DER MERWE"` → `"van der Merwe"`), because candidates are shown
///   as given names then surname. A particle after a hyphen is lower-cased too (`"NGUGI-WA"` →
///   `"Ngugi-wa"`).
/// - A last word that is a Roman numeral from II to IX keeps its capitals (`"JOHN PAUL II"` →
///   `"John Paul II"`); single letters are capitals either way.
public enum NameCasing {
    /// What a name is, which decides whether a leading particle is lower-cased.
    public enum Kind: Sendable {
        case surname
        case givenNames
        case areaName
    }

    private static let particles: Set<String> = [
        "van", "von", "der", "den", "de", "du", "da", "di", "dos", "das", "le", "la", "ter", "te", "wa",
    ]
    private static let romanNumerals: Set<Substring> = ["II", "III", "IV", "VI", "VII", "VIII", "IX"]

    /// Whether `text` has a letter and no lower-case letter.
    public static func isAllCapitals(_ text: String) -> Bool {
        var hasLetter = false
        for scalar in text.unicodeScalars {
            let properties = scalar.properties
            if properties.isLowercase { return false }
            if properties.isAlphabetic { hasLetter = true }
        }
        return hasLetter
    }

    /// `text` title-cased by the rules above when it is entirely capitals; otherwise unchanged.
    /// Expects cleaned text (single spaces, trimmed).
    public static func titleCased(_ text: String, as kind: Kind) -> String {
        guard isAllCapitals(text) else { return text }
        let words = text.split(separator: " ", omittingEmptySubsequences: true)
        var result = ""
        result.reserveCapacity(text.utf8.count)
        for (index, word) in words.enumerated() {
            if index > 0 { result += " " }
            let isLast = index == words.count - 1
            if isLast && index > 0 && romanNumerals.contains(word) {
                result += word
                continue
            }
            let lower = word.lowercased()
            let particleMayLead = kind == .surname
            if !isLast && (index > 0 || particleMayLead) && particles.contains(lower) {
                result += lower
                continue
            }
            result += casedWord(lower)
        }
        return result
    }

    /// Capitalises the parts of one lower-cased word.
    private static func casedWord(_ word: String) -> String {
        var result = ""
        var part = ""
        var previousPart = ""
        var delimiter: Character? = nil
        func flush() {
            guard !part.isEmpty else { return }
            switch delimiter {
            case nil, ".":
                result += capitalised(part)
            case "'", "’":
                result += previousPart.count == 1 ? capitalised(part) : part
            default:
                result += particles.contains(part) ? part : capitalised(part)
            }
            previousPart = part
            part = ""
        }
        for character in word {
            if character == "-" || character == "'" || character == "’" || character == "." {
                flush()
                result.append(character)
                delimiter = character
            } else {
                part.append(character)
            }
        }
        flush()
        return result
    }

    private static func capitalised(_ part: String) -> String {
        if part.count > 3 && part.hasPrefix("mc") {
            return "Mc" + capitalised(String(part.dropFirst(2)))
        }
        guard let first = part.first else { return part }
        return first.uppercased() + part.dropFirst()
    }
}
