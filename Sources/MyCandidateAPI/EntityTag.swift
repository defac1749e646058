import Foundation

/// Conditional requests, shared by the API and the pages: both validate with ETags derived
/// from the dataset version.
public enum EntityTag {
    /// Whether an `If-None-Match` value matches `etag` (RFC 9110 §13.1.2: weak comparison, a
    /// list, or `*`), so the client's copy is current and 304 is the answer.
    public static func ifNoneMatch(_ condition: String, matches etag: String) -> Bool {
        condition.split(separator: ",").contains { candidate in
            let tag = candidate.trimmingCharacters(in: .whitespaces)
            return tag == "*" || tag == etag || tag == "W/" + etag
        }
    }
}
