import Foundation
import MyCandidateStorage

/// The audit log as CSV: RFC 4180 quoting, and cells a spreadsheet would take for a formula
/// made inert.
///
/// Actors of failed sign-ins are whatever was typed, so a cell like `=HYPERLINK(...)` must not
/// run when someone opens the export. OWASP's advice: such cells get a leading single quote,
/// which spreadsheets show as text.
public enum AuditCSV {
    /// The first line, with the columns every row has.
    public static let header = "id,at,actor,action,detail,client\r\n"

    /// One entry as a CSV line, with its line break.
    public static func row(_ record: AuditRecord) -> String {
        [String(record.id), timestamp(record.at), cell(record.actor), cell(record.action), cell(record.detail), cell(record.client)]
            .joined(separator: ",") + "\r\n"
    }

    /// ISO 8601 in UTC, to the second: what the audit page shows too.
    public static func timestamp(_ date: Date) -> String {
        date.formatted(.iso8601)
    }

    /// Characters that make a spreadsheet read a cell as a formula (tab and carriage return
    /// too, which some programs skip before looking).
    private static let formulaStarts: Set<Character> = ["=", "+", "-", "@", "\t", "\r"]

    /// A text cell: defused, then quoted (quotes doubled) when it holds a comma, quote or line
    /// break.
    static func cell(_ text: String) -> String {
        var text = text
        if let first = text.first, formulaStarts.contains(first) { text = "'" + text }
        guard text.contains(where: { $0 == "," || $0 == "\"" || $0.isNewline }) else { return text }
        return "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}
