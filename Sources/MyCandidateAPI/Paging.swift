import Foundation

/// The page a list request asks for, checked: `limit` within bounds, a cursor this API gave
/// out, a search text of sensible length.
struct Paging {
    /// Largest page a client may ask for.
    static let maxPageSize = 500
    static let defaultPageSize = 100
    static let maxQueryLength = 100

    let limit: Int
    /// Where the page starts: an offset into the full list, or a scan position.
    let start: Int

    init(limit: Int?, cursor: String?, query: String? = nil) throws(BadParameter) {
        self.limit = limit ?? Self.defaultPageSize
        guard (1...Self.maxPageSize).contains(self.limit) else {
            throw BadParameter(name: "limit", reason: "must be between 1 and \(Self.maxPageSize)")
        }
        // An empty cursor is no cursor: clients that write `cursor=${next ?? ""}` get page one.
        guard let start = cursor.flatMap({ $0.isEmpty ? nil : $0 }).map(Cursor.offset) ?? 0 else {
            throw BadParameter(name: "cursor", reason: "is not a cursor this API gave out")
        }
        self.start = start
        // Code points, as JSON Schema's maxLength counts them.
        if let query, query.unicodeScalars.count > Self.maxQueryLength {
            throw BadParameter(name: "q", reason: "is longer than \(Self.maxQueryLength) characters")
        }
    }
}

/// A request parameter with a value the API cannot use.
struct BadParameter: Error {
    let name: String
    let reason: String

    var problem: Components.Responses.Problem { Problems.badParameter(name, reason) }
}

/// Page cursors: opaque to clients, an offset inside.
enum Cursor {
    static func make(offset: Int) -> String {
        Data("o:\(offset)".utf8).base64EncodedString()
    }

    static func offset(_ cursor: String) -> Int? {
        guard let data = Data(base64Encoded: cursor), let text = String(data: data, encoding: .utf8),
              text.hasPrefix("o:"), let offset = Int(text.dropFirst(2)), offset >= 0 else { return nil }
        return offset
    }
}
