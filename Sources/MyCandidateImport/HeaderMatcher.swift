/// Recognises source column headers, whatever their spelling, case or punctuation.
///
/// Headers are compared in their normalised form (see ``normalize(_:)``), so `"Party\rCode"`,
/// `"party_code"` and `"PARTY CODE"` are the same header.
public enum HeaderMatcher {
    /// The header synonyms of each candidate field, in normalised form.
    public static let synonyms: [CandidateField: [String]] = [
        .surname: ["surname", "last name", "family name"],
        .givenNames: ["full names", "other names", "given names", "first names", "names", "name"],
        .party: ["party", "political party name", "political party", "party name"],
        .partyAbbreviation: ["abbrv", "abbr", "abbreviation", "party abbreviation"],
        .partyCode: ["party code"],
        .listPosition: ["orderno", "order no", "list position", "position", "rank", "list order"],
        .age: ["age"],
        .gender: ["gender", "sex"],
        .nationalID: ["idnumber", "id number", "id no", "national id", "id"],
    ]

    private static let fieldBySynonym: [String: CandidateField] = {
        var table: [String: CandidateField] = [:]
        for (field, names) in synonyms {
            for name in names { table[name] = field }
        }
        return table
    }()

    /// Lower-cases `header`, turns line breaks, underscores, hyphens and all other punctuation and
    /// symbols into spaces, collapses runs of spaces and trims: `"Party\rCode"` → `"party code"`,
    /// `"Abbrv."` → `"abbrv"`, `"full_names"` → `"full names"`. Letters and digits of any script
    /// are kept.
    public static func normalize(_ header: String) -> String {
        var result = ""
        result.unicodeScalars.reserveCapacity(header.utf8.count)
        var pendingSpace = false
        for scalar in header.lowercased().unicodeScalars {
            let properties = scalar.properties
            if properties.isAlphabetic || properties.numericType != nil || properties.generalCategory == .nonspacingMark {
                if pendingSpace && !result.isEmpty { result.unicodeScalars.append(" ") }
                pendingSpace = false
                result.unicodeScalars.append(scalar)
            } else {
                pendingSpace = true
            }
        }
        return result
    }

    /// The field a header names by synonym, if any; `header` need not be normalised.
    public static func field(for header: String) -> CandidateField? {
        fieldBySynonym[normalize(header)]
    }

    /// Whether a column holds national ID numbers and must therefore be dropped.
    ///
    /// Wider than the ``CandidateField/nationalID`` synonyms on purpose: a header such as
    /// `"ID Number (masked)"` names no field, and without this check it would be kept as an
    /// extra column, which must never happen to an ID number.
    public static func isNationalID(_ normalizedHeader: String) -> Bool {
        if fieldBySynonym[normalizedHeader] == .nationalID { return true }
        let padded = " " + normalizedHeader + " "
        return [" idnumber ", " id number ", " id no ", " national id ", " identity ", " passport "]
            .contains { padded.contains($0) }
    }

    /// The area level a locator header names: the normalised header without a trailing word
    /// `code`, `name`, `id`, `no` or `number` (`"Ward Code"` → `"ward"`, `"list_type"` →
    /// `"list type"`).
    public static func level(fromLocator header: String) -> String {
        let normalized = normalize(header)
        var words = normalized.split(separator: " ")
        if words.count > 1, let last = words.last, ["code", "name", "id", "no", "number"].contains(last) {
            words.removeLast()
        }
        return words.joined(separator: " ")
    }
}
