import Foundation

/// Text conventions of OOXML cells.
enum XLSXText {
    /// Decodes `_xHHHH_` escapes, which Excel writes for characters XML cannot carry (`_x000D_`
    /// for a carriage return) and for a literal `_x` sequence (`_x005F_` is `_`).
    static func unescape(_ text: String) -> String {
        guard text.contains("_x") else { return text }
        let scalars = Array(text.unicodeScalars)
        var result = String.UnicodeScalarView()
        var index = 0
        while index < scalars.count {
            if scalars[index] == "_", index + 6 < scalars.count, scalars[index + 1] == "x", scalars[index + 6] == "_",
               let code = UInt32(String(String.UnicodeScalarView(scalars[index + 2..<index + 6])), radix: 16),
               scalars[index + 2..<index + 6].allSatisfy(\.properties.isASCIIHexDigit),
               let scalar = Unicode.Scalar(code) {
                result.append(scalar)
                index += 7
            } else {
                result.append(scalars[index])
                index += 1
            }
        }
        return String(result)
    }

    /// A numeric cell as a person reads it: whole numbers without `.0` (area codes are often
    /// stored as numbers), other numbers in their shortest exact form.
    static func number(_ raw: String) -> String {
        let trimmed = raw.trimmingCharacters(in: .whitespaces)
        guard let value = Double(trimmed), value.isFinite else { return trimmed }
        if value == value.rounded(), abs(value) < 1e15 {
            return String(Int64(value))
        }
        return String(value)
    }
}
