/// Tidies cell text the way PDF-extracted and hand-edited lists need.
public enum CellCleaner {
    /// Turns every run of whitespace (line breaks, tabs, no-break spaces included) into one space
    /// and trims both ends; zero-width spaces and stray byte order marks are removed.
    ///
    /// Most cells need nothing done, so those are recognised from their bytes and returned as
    /// they are, without building a new string.
    public static func clean(_ text: String) -> String {
        if isClean(text) { return text }
        var result = ""
        result.unicodeScalars.reserveCapacity(text.utf8.count)
        var pendingSpace = false
        for scalar in text.unicodeScalars {
            if scalar == "\u{FEFF}" || scalar == "\u{200B}" { continue }
            if scalar.properties.isWhitespace {
                pendingSpace = true
                continue
            }
            if pendingSpace && !result.isEmpty { result.unicodeScalars.append(" ") }
            pendingSpace = false
            result.unicodeScalars.append(scalar)
        }
        return result
    }

    /// Whether `text` surely needs no cleaning: no leading, trailing or doubled space, no other
    /// ASCII whitespace, and none of the lead bytes of the non-ASCII whitespace and invisible
    /// characters (`0xC2` for U+0085/U+00A0, `0xE1`-`0xE3` for U+1680, U+2000-U+205F, U+3000,
    /// `0xEF` for U+FEFF). A false "no" only costs the slow path.
    private static func isClean(_ text: String) -> Bool {
        // Strings without contiguous UTF-8 (bridged ones) simply take the slow path.
        text.utf8.withContiguousStorageIfAvailable { bytes -> Bool in
            guard let first = bytes.first, let last = bytes.last else { return true }
            if first == 0x20 || last == 0x20 { return false }
            var previous: UInt8 = 0
            for byte in bytes {
                switch byte {
                case 0x20 where previous == 0x20: return false
                case 0x09...0x0D, 0xC2, 0xE1...0xE3, 0xEF: return false
                default: previous = byte
                }
            }
            return true
        } ?? false
    }
}
