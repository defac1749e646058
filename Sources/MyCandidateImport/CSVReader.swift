import Foundation

/// One CSV record: its cells, exactly as written (unquoted, doubled quotes undone), and the
/// physical line it starts on.
public struct CSVRecord: Sendable, Equatable {
    /// The 1-based physical line the record starts on; a quoted cell with line breaks makes a
    /// record span several lines, so this is not the record's index.
    public var line: Int
    public var cells: [String]

    public init(line: Int, cells: [String]) {
        self.line = line
        self.cells = cells
    }
}

/// A hand-written RFC 4180 reader for comma-separated files.
///
/// It is hand-written rather than borrowed because every problem must be reported at the exact
/// physical line and cell it is on, and because the bytes must be validated as UTF-8 exactly: a
/// file saved as Windows-1252 must be refused at its first bad byte, not silently repaired with
/// replacement characters as `String(decoding:)` would. It works on bytes, not `Character`s, so a
/// million-row (80 MB) file reads in well under a second in release builds.
///
/// Accepted: an optional UTF-8 byte order mark; CRLF, LF and lone CR line ends (mixed, too);
/// quoted cells holding commas, doubled quotes and any line end; spaces or tabs after a closing
/// quote. Refused with an ``ImportError``: invalid UTF-8, a file that is empty or only whitespace,
/// a quote that is never closed, and text after a closing quote (almost always a quote inside a
/// quoted cell that should have been doubled).
///
/// A cell longer than ``maximumCellBytes`` or a record longer than ``maximumRecordBytes`` is
/// refused too, before its text is copied: no candidate list has such cells, and a file with one
/// (a binary file renamed `.csv`, a single 100 MB line) must not cost its size again as a string.
///
/// Records are read one at a time with ``next()`` so that a large file is never held twice.
public struct CSVReader {
    /// The most bytes one cell may hold; a name, a party or a code is a few dozen.
    public static let maximumCellBytes = 64 * 1024
    /// The most bytes one record may span, line ends inside quoted cells included.
    public static let maximumRecordBytes = 1024 * 1024

    private let data: Data
    private let file: String
    private var position: Int
    private var line = 1
    /// Cells in the previous record, so the next one's array is allocated at its final size.
    private var expectedCells = 8

    /// Prepares to read `data`, reported as `file` in errors.
    ///
    /// - Throws: ``ImportError`` "file is empty" when there is nothing but a byte order mark and
    ///   whitespace.
    public init(data: Data, file: String) throws(ImportError) {
        // Re-based so that positions are offsets from the first byte even for a slice.
        self.data = data.startIndex == 0 ? data : Data(data)
        self.file = file
        let hasBOM = data.starts(with: [0xEF, 0xBB, 0xBF])
        self.position = hasBOM ? 3 : 0
        let onlyWhitespace = self.data.dropFirst(position).allSatisfy { $0 == 0x20 || $0 == 0x09 || $0 == 0x0D || $0 == 0x0A }
        if onlyWhitespace {
            throw ImportError(file: file, reason: "file is empty")
        }
    }

    /// Reads every record of `data`.
    public static func records(in data: Data, file: String) throws(ImportError) -> [CSVRecord] {
        var reader = try CSVReader(data: data, file: file)
        var records: [CSVRecord] = []
        while let record = try reader.next() {
            records.append(record)
        }
        return records
    }

    /// The next record, or `nil` at the end of the file.
    ///
    /// A file that ends with a line end has no empty record after it; a blank line inside the
    /// file is a record of one empty cell.
    public mutating func next() throws(ImportError) -> CSVRecord? {
        guard position < data.count else { return nil }
        var parser = RecordParser(position: position, line: line, file: file, capacity: expectedCells)
        let result = data.withUnsafeBytes { raw in
            Result { () throws(ImportError) in try parser.parse(raw.bindMemory(to: UInt8.self)) }
        }
        position = parser.position
        line = parser.line
        let record = try result.get()
        expectedCells = record.cells.count
        return record
    }
}

private let quote: UInt8 = 0x22
private let comma: UInt8 = 0x2C
private let lineFeed: UInt8 = 0x0A
private let carriageReturn: UInt8 = 0x0D
private let space: UInt8 = 0x20
private let tab: UInt8 = 0x09

/// The state machine for one record; kept apart so its hot loops touch only locals and a raw
/// buffer.
private struct RecordParser {
    var position: Int
    var line: Int
    let file: String
    let capacity: Int

    mutating func parse(_ buffer: UnsafeBufferPointer<UInt8>) throws(ImportError) -> CSVRecord {
        let end = buffer.count
        let startLine = line
        var cells: [String] = []
        cells.reserveCapacity(capacity)
        var p = position
        let recordStart = p
        defer { position = p }
        while true {
            let column = cells.count + 1
            // Checked once per cell, so the byte loops below stay as they are.
            if p - recordStart > CSVReader.maximumRecordBytes {
                throw ImportError(
                    file: file, row: startLine, column: column,
                    reason: "row is longer than \(CSVReader.maximumRecordBytes) bytes, the most one row may hold; is this really a CSV file?"
                )
            }
            if p < end && buffer[p] == quote {
                let openLine = line
                p += 1
                var segmentStart = p
                // Only a cell with a doubled quote needs its bytes gathered; the rest are one slice.
                var gathered: [UInt8]? = nil
                var cellEnd: Int
                while true {
                    guard p < end else {
                        throw ImportError(
                            file: file, row: openLine, column: column,
                            reason: "quoted cell is never closed: the quote opened on line \(openLine) has no closing quote"
                        )
                    }
                    let byte = buffer[p]
                    if byte == quote {
                        if p + 1 < end && buffer[p + 1] == quote {
                            // Before gathering, so a huge cell of doubled quotes is never copied.
                            try checkCellLength(p - segmentStart + (gathered?.count ?? 0), row: openLine, column: column)
                            gathered = gathered ?? []
                            gathered!.append(contentsOf: UnsafeBufferPointer(rebasing: buffer[segmentStart...p]))
                            p += 2
                            segmentStart = p
                            continue
                        }
                        cellEnd = p
                        p += 1
                        break
                    } else if byte < 0x80 {
                        if byte == lineFeed {
                            line += 1
                        } else if byte == carriageReturn {
                            line += 1
                            if p + 1 < end && buffer[p + 1] == lineFeed { p += 1 }
                        }
                        p += 1
                    } else {
                        p += try sequenceLength(buffer, at: p, column: column)
                    }
                }
                try checkCellLength(cellEnd - segmentStart + (gathered?.count ?? 0), row: openLine, column: column)
                let cell: String
                if var bytes = gathered {
                    bytes += UnsafeBufferPointer(rebasing: buffer[segmentStart..<cellEnd])
                    cell = String(decoding: bytes, as: UTF8.self)
                } else {
                    cell = String(decoding: UnsafeBufferPointer(rebasing: buffer[segmentStart..<cellEnd]), as: UTF8.self)
                }
                cells.append(cell)
                while p < end && (buffer[p] == space || buffer[p] == tab) { p += 1 }
                guard p < end else { break }
                let next = buffer[p]
                if next == comma {
                    p += 1
                    continue
                }
                if next == lineFeed || next == carriageReturn {
                    endLine(buffer, &p)
                    break
                }
                throw ImportError(
                    file: file, row: line, column: column,
                    reason: "text after the closing quote of a quoted cell; a quote inside a quoted cell must be doubled (\"\")"
                )
            } else {
                let start = p
                while p < end {
                    let byte = buffer[p]
                    if byte < 0x80 {
                        if byte == comma || byte == lineFeed || byte == carriageReturn { break }
                        p += 1
                    } else {
                        p += try sequenceLength(buffer, at: p, column: column)
                    }
                }
                try checkCellLength(p - start, row: line, column: column)
                cells.append(String(decoding: UnsafeBufferPointer(rebasing: buffer[start..<p]), as: UTF8.self))
                guard p < end else { break }
                if buffer[p] == comma {
                    p += 1
                    continue
                }
                endLine(buffer, &p)
                break
            }
        }
        return CSVRecord(line: startLine, cells: cells)
    }

    /// Refuses a cell of `length` bytes over ``CSVReader/maximumCellBytes``, before it is copied.
    private func checkCellLength(_ length: Int, row: Int, column: Int) throws(ImportError) {
        guard length > CSVReader.maximumCellBytes else { return }
        throw ImportError(
            file: file, row: row, column: column,
            reason: "cell is longer than \(CSVReader.maximumCellBytes) bytes, the most one cell may hold; is this really a CSV file?"
        )
    }

    /// Steps over one line end (CRLF, LF or lone CR) at `p`.
    private mutating func endLine(_ buffer: UnsafeBufferPointer<UInt8>, _ p: inout Int) {
        if buffer[p] == carriageReturn && p + 1 < buffer.count && buffer[p + 1] == lineFeed {
            p += 2
        } else {
            p += 1
        }
        line += 1
    }

    /// The length of the valid UTF-8 sequence of two or more bytes starting at `p`.
    ///
    /// Follows the Unicode well-formedness table exactly: no overlong forms, no surrogates,
    /// nothing above U+10FFFF.
    private func sequenceLength(_ buffer: UnsafeBufferPointer<UInt8>, at p: Int, column: Int) throws(ImportError) -> Int {
        let end = buffer.count
        let lead = buffer[p]
        func continuation(_ offset: Int, _ low: UInt8 = 0x80, _ high: UInt8 = 0xBF) -> Bool {
            p + offset < end && (low...high).contains(buffer[p + offset])
        }
        switch lead {
        case 0xC2...0xDF:
            if continuation(1) { return 2 }
        case 0xE0...0xEF:
            let low: UInt8 = lead == 0xE0 ? 0xA0 : 0x80
            let high: UInt8 = lead == 0xED ? 0x9F : 0xBF
            if continuation(1, low, high) && continuation(2) { return 3 }
        case 0xF0...0xF4:
            let low: UInt8 = lead == 0xF0 ? 0x90 : 0x80
            let high: UInt8 = lead == 0xF4 ? 0x8F : 0xBF
            if continuation(1, low, high) && continuation(2) && continuation(3) { return 4 }
        default:
            break
        }
        let hex = String(lead, radix: 16, uppercase: true)
        throw ImportError(
            file: file, row: line, column: column,
            reason: "invalid UTF-8 (byte 0x\(hex.count == 1 ? "0" + hex : hex) at byte offset \(p)); save the file as UTF-8"
        )
    }
}
