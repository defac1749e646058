import Foundation

/// Reads `value; key=token; key="quoted"` header fields (`Content-Type`, `Content-Disposition`).
///
/// Written here because multipart-kit keeps its own reader internal, and that one splits on every
/// `;` and `=`, which breaks file names holding either.
enum HeaderParameters {
    /// The part before the first `;`, trimmed: `multipart/form-data`, `form-data`.
    static func value(of field: String) -> String {
        String(field.prefix { $0 != ";" }).trimmingCharacters(in: .whitespaces)
    }

    /// The parameters after the value, keys lower-cased. A quoted value may hold `;`, `=` and
    /// backslash-escaped quotes. An RFC 8187 `key*=UTF-8''…` value wins over plain `key=`.
    static func parameters(of field: String) -> [String: String] {
        var result: [String: String] = [:]
        var extended: [String: String] = [:]
        var rest = Substring(field)
        // Skip the value itself.
        guard let firstSemicolon = rest.firstIndex(of: ";") else { return [:] }
        rest = rest[rest.index(after: firstSemicolon)...]
        while !rest.isEmpty {
            rest = rest.drop { $0 == " " || $0 == "\t" || $0 == ";" }
            let key = rest.prefix { $0 != "=" && $0 != ";" }
            rest = rest.dropFirst(key.count)
            guard rest.first == "=" else { continue }
            rest = rest.dropFirst()
            var value = ""
            if rest.first == "\"" {
                rest = rest.dropFirst()
                var escaped = false
                while let character = rest.first {
                    rest = rest.dropFirst()
                    if escaped {
                        value.append(character)
                        escaped = false
                    } else if character == "\\" {
                        escaped = true
                    } else if character == "\"" {
                        break
                    } else {
                        value.append(character)
                    }
                }
                rest = rest.drop { $0 != ";" }
            } else {
                let token = rest.prefix { $0 != ";" }
                value = token.trimmingCharacters(in: .whitespaces)
                rest = rest.dropFirst(token.count)
            }
            let name = key.trimmingCharacters(in: .whitespaces).lowercased()
            if name.hasSuffix("*") {
                if let decoded = decodeExtended(value) { extended[String(name.dropLast())] = decoded }
            } else if !name.isEmpty, result[name] == nil {
                result[name] = value
            }
        }
        return result.merging(extended) { _, new in new }
    }

    /// `UTF-8'lang'percent%20encoded` → its text; `nil` for another charset or bad encoding.
    private static func decodeExtended(_ value: String) -> String? {
        let pieces = value.split(separator: "'", maxSplits: 2, omittingEmptySubsequences: false)
        guard pieces.count == 3, pieces[0].lowercased() == "utf-8" else { return nil }
        return String(pieces[2]).removingPercentEncoding
    }
}
