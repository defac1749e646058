import Foundation
import HummingbirdTesting
import Testing

/// Walks an API list by its `next_cursor` until the last page.
enum APIPaging {
    /// The `field` of every item under `listKey` across all pages of `uri` (which must already
    /// have a query string), failing after `maxPages` so a cursor that never ends cannot hang.
    static func collect(
        _ client: any TestClientProtocol, _ uri: String, list listKey: String, field: String, maxPages: Int = 10
    ) async throws -> [String] {
        var values: [String] = []
        var next: String?
        for _ in 0..<maxPages {
            let page = try await client.execute(uri: uri + (next.map { "&cursor=" + $0 } ?? ""), method: .get) { response in
                try #require(try JSONSerialization.jsonObject(with: Data(buffer: response.body)) as? [String: Any])
            }
            values += (page[listKey] as? [[String: Any]] ?? []).compactMap { $0[field] as? String }
            next = page["next_cursor"] as? String
            if next == nil { return values }
        }
        Issue.record("\(uri) still had a next page after \(maxPages)")
        return values
    }
}
