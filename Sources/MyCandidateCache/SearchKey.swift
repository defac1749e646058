import Foundation

/// The comparable form of names, codes and queries, shared by the area and candidate searches.
enum SearchKey {
    static let space = UInt8(ascii: " ")

    /// Case, accents and width folded, apostrophes dropped (`"Murang'a"` is one word), and every
    /// other run of non-alphanumerics (hyphens of any kind, spaces, dots) made a single space.
    ///
    /// Plain ASCII text, which most names are, takes a byte loop that gives the same answer as
    /// the Unicode path at a fraction of its cost: a snapshot of a million candidates folds every
    /// name when it loads.
    static func fold(_ text: String) -> [UInt8] {
        let ascii = text.utf8.withContiguousStorageIfAvailable { foldASCII($0) } ?? foldASCII(text.utf8)
        return ascii ?? foldUnicode(text)
    }

    /// `nil` when `bytes` hold anything but ASCII.
    private static func foldASCII<Bytes: Collection<UInt8>>(_ bytes: Bytes) -> [UInt8]? {
        var key: [UInt8] = []
        key.reserveCapacity(bytes.count)
        var pendingSpace = false
        for byte in bytes {
            switch byte {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "0")...UInt8(ascii: "9"):
                if pendingSpace && !key.isEmpty { key.append(space) }
                pendingSpace = false
                key.append(byte)
            case UInt8(ascii: "A")...UInt8(ascii: "Z"):
                if pendingSpace && !key.isEmpty { key.append(space) }
                pendingSpace = false
                key.append(byte + 32)
            // The apostrophe, and the ASCII characters Unicode counts as diacritics.
            case UInt8(ascii: "'"), UInt8(ascii: "`"), UInt8(ascii: "^"):
                continue
            case 0x80...:
                return nil
            default:
                pendingSpace = true
            }
        }
        return key
    }

    private static func foldUnicode(_ text: String) -> [UInt8] {
        let folded = text.folding(options: [.caseInsensitive, .diacriticInsensitive, .widthInsensitive], locale: nil)
        var key = ""
        var pendingSpace = false
        for scalar in folded.unicodeScalars {
            if scalar.properties.isAlphabetic || scalar.properties.numericType != nil {
                if pendingSpace && !key.isEmpty { key.unicodeScalars.append(" ") }
                pendingSpace = false
                key.unicodeScalars.append(scalar)
            } else if scalar == "'" || scalar == "\u{2019}" || scalar == "`" || scalar.properties.isDiacritic {
                continue
            } else {
                pendingSpace = true
            }
        }
        return Array(key.utf8)
    }

    /// Exposed for the test that holds the two paths to the same answers.
    static func foldWithoutFastPath(_ text: String) -> [UInt8] { foldUnicode(text) }
}
