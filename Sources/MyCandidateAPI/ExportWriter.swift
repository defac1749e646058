import Foundation
import MyCandidateCache
import MyCandidateDomain
import NIOCore

/// Writes a snapshot's candidates as export rows, a chunk at a time.
///
/// Hand-written rather than built on `JSONEncoder` or a CSV package: each row is a fixed set of
/// plain fields, and a million rows through a general encoder cost seconds and a buffer of the
/// whole document, where appending escaped bytes costs neither.
struct ExportWriter {
    enum Format { case csv, json }

    /// The columns of every row, in order: the contract's `ExportCandidate` schema lists the
    /// same names (a test holds them together).
    static let columns = [
        "ballot", "ballot_title", "area_id", "area_code", "area_name", "area_level", "area_hierarchy",
        "party", "party_name", "given_names", "surname", "list_position", "age", "gender",
    ]

    /// How much to gather before handing bytes to the connection.
    static let chunkSize = 64 * 1024

    let snapshot: Snapshot
    let format: Format

    /// Calls `emit` with consecutive chunks that together form the whole document.
    func write(_ emit: (ByteBuffer) async throws -> Void) async throws {
        var buffer = ByteBuffer()
        buffer.reserveCapacity(Self.chunkSize + 4096)
        var hierarchies = [String?](repeating: nil, count: snapshot.areas.count)
        writeStart(&buffer)
        for (position, index) in snapshot.candidatesInDisplayOrder.enumerated() {
            let candidate = snapshot.candidates[Int(index)]
            let area = snapshot.area(of: candidate)
            let hierarchy = hierarchies[Int(candidate.areaIndex)] ?? {
                let names = snapshot.ancestors(of: area.id).map(\.name).joined(separator: " > ")
                hierarchies[Int(candidate.areaIndex)] = names
                return names
            }()
            let ballot = snapshot.ballot(of: candidate)
            let party = snapshot.party(at: candidate.partyIndex)
            let fields: [Field] = [
                .text(ballot.key), .text(ballot.title), .text(area.id), .text(area.code), .text(area.name),
                .text(area.level), .text(hierarchy), .optionalText(party?.key), .optionalText(party?.name),
                .text(candidate.givenNames), .text(candidate.surname), .number(candidate.listPosition),
                .number(candidate.age), .optionalText(candidate.gender),
            ]
            writeRow(fields, first: position == 0, into: &buffer)
            if buffer.readableBytes >= Self.chunkSize {
                try await emit(buffer)
                buffer.clear()
            }
        }
        writeEnd(&buffer)
        try await emit(buffer)
    }

    enum Field {
        case text(String)
        case optionalText(String?)
        case number(Int?)
    }

    private func writeStart(_ buffer: inout ByteBuffer) {
        switch format {
        case .csv:
            buffer.writeString(Self.columns.joined(separator: ",") + "\r\n")
        case .json:
            let version = snapshot.version
            let published = version.publishedAt.map { "\"\($0.formatted(.iso8601))\"" } ?? "null"
            buffer.writeString("{\"version\":\(version.id),\"published_at\":\(published),\"candidates\":[")
        }
    }

    private func writeEnd(_ buffer: inout ByteBuffer) {
        if format == .json { buffer.writeString("\n]}\n") }
    }

    private func writeRow(_ fields: [Field], first: Bool, into buffer: inout ByteBuffer) {
        switch format {
        case .csv:
            for (column, field) in fields.enumerated() {
                if column > 0 { buffer.writeInteger(UInt8(ascii: ",")) }
                switch field {
                case .text(let text), .optionalText(let text?): Self.writeCSV(text, into: &buffer)
                case .optionalText(nil), .number(nil): break
                case .number(let number?): buffer.writeString(String(number))
                }
            }
            buffer.writeString("\r\n")
        case .json:
            buffer.writeString(first ? "\n{" : ",\n{")
            for (column, field) in fields.enumerated() {
                buffer.writeString(column > 0 ? ",\"" : "\"")
                buffer.writeString(Self.columns[column])
                buffer.writeString("\":")
                switch field {
                case .text(let text), .optionalText(let text?): Self.writeJSON(text, into: &buffer)
                case .optionalText(nil), .number(nil): buffer.writeString("null")
                case .number(let number?): buffer.writeString(String(number))
                }
            }
            buffer.writeInteger(UInt8(ascii: "}"))
        }
    }

    /// RFC 4180: quoted, with quotes doubled, only when the field holds a comma, quote or line break.
    static func writeCSV(_ text: String, into buffer: inout ByteBuffer) {
        let needsQuotes = text.utf8.contains { $0 == UInt8(ascii: ",") || $0 == UInt8(ascii: "\"") || $0 == 0x0A || $0 == 0x0D }
        guard needsQuotes else {
            buffer.writeString(text)
            return
        }
        buffer.writeInteger(UInt8(ascii: "\""))
        for byte in text.utf8 {
            if byte == UInt8(ascii: "\"") { buffer.writeInteger(byte) }
            buffer.writeInteger(byte)
        }
        buffer.writeInteger(UInt8(ascii: "\""))
    }

    /// A JSON string (RFC 8259): quote, backslash and control characters escaped; everything
    /// else, other scripts included, as UTF-8.
    static func writeJSON(_ text: String, into buffer: inout ByteBuffer) {
        buffer.writeInteger(UInt8(ascii: "\""))
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "\""): buffer.writeString("\\\"")
            case UInt8(ascii: "\\"): buffer.writeString("\\\\")
            case 0x0A: buffer.writeString("\\n")
            case 0x0D: buffer.writeString("\\r")
            case 0x09: buffer.writeString("\\t")
            case ..<0x20:
                let hex = String(byte, radix: 16)
                buffer.writeString("\\u" + String(repeating: "0", count: 4 - hex.count) + hex)
            default: buffer.writeInteger(byte)
            }
        }
        buffer.writeInteger(UInt8(ascii: "\""))
    }
}
