import Foundation

/// Cleans the text of seed workbook cells, which are typed by hand and often carry stray line
/// breaks (a real workbook has `"#30474A\n"` as a colour).
enum WorkbookCleaning {
    /// Trims the text and turns each inner line break, with the spaces around it, into one space.
    static func text(_ raw: String) -> String {
        raw.split(whereSeparator: \.isNewline)
            .map { $0.trimmingCharacters(in: .whitespaces) }
            .filter { !$0.isEmpty }
            .joined(separator: " ")
            .trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// A colour cell with every bit of whitespace removed (`rgb(1, 2, 3)` stays valid CSS as
    /// `rgb(1,2,3)`), and whether it held a line break worth telling the operator about.
    static func colour(_ raw: String) -> (colour: String, hadLineBreak: Bool) {
        let colour = String(raw.unicodeScalars.filter { !$0.properties.isWhitespace }.map(Character.init))
        return (colour, raw.contains(where: \.isNewline))
    }

    /// Finds a Google Analytics measurement id (`G-XXXXXXX`) or Universal Analytics property id
    /// (`UA-1234-1`) in text such as a pasted gtag snippet.
    static func analyticsID(in text: String) -> String? {
        let scalars = Array(text.unicodeScalars)
        var index = 0
        func isIDScalar(_ scalar: Unicode.Scalar) -> Bool {
            ("A"..."Z").contains(scalar) || ("0"..."9").contains(scalar) || scalar == "-"
        }
        while index < scalars.count {
            // An id starts at a word boundary, so `XG-...` or `aUA-...` is not mistaken for one.
            let atBoundary = index == 0 || !isIDScalar(scalars[index - 1]) && !scalars[index - 1].properties.isAlphabetic
            if atBoundary {
                var end = index
                while end < scalars.count, isIDScalar(scalars[end]) { end += 1 }
                let candidate = String(String.UnicodeScalarView(scalars[index..<end]))
                if isAnalyticsID(candidate) { return candidate }
                index = max(end, index + 1)
            } else {
                index += 1
            }
        }
        return nil
    }

    /// Whether the whole text is an analytics id.
    static func isAnalyticsID(_ text: String) -> Bool {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        if parts.count == 2, parts[0] == "G" {
            return parts[1].count >= 4 && parts[1].allSatisfy { $0.isASCII && ($0.isUppercase || $0.isNumber) }
        }
        if parts.count == 3, parts[0] == "UA" {
            return parts.dropFirst().allSatisfy { !$0.isEmpty && $0.allSatisfy { $0.isASCII && $0.isNumber } }
        }
        return false
    }
}
