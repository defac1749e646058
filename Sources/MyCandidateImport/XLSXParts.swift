import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif

/// Why an XML part of a workbook could not be read.
struct XLSXPartError: Error {
    var reason: String
}

/// Shared plumbing of the part parsers: element names without their namespace prefix (strict
/// OOXML files write `x:row`), character data accumulated only where a subclass asks for it
/// (parsers may deliver one text node in several pieces), and the first problem found.
class XLSXPartParser: NSObject, XMLParserDelegate {
    private(set) var failure: String?
    private var text = ""
    private var capturing = false
    private var depth = 0
    private var syntaxError: (line: Int, code: Int?)?

    /// Parses `data`, calling the element hooks of the subclass.
    func run(_ data: Data, part: String) throws(XLSXPartError) {
        let parser = XMLParser(data: data)
        parser.shouldProcessNamespaces = false
        parser.shouldResolveExternalEntities = false
        parser.delegate = self
        // On Linux `parse()` can return true after a syntax error, and a document cut short
        // raises no error at all, so errors and unclosed elements are checked separately.
        let parsed = parser.parse()
        if let failure { throw XLSXPartError(reason: "\(part): \(failure)") }
        if let syntaxError = syntaxError ?? (parsed ? nil : (parser.lineNumber, parser.parserError.map { ($0 as NSError).code })) {
            let code = syntaxError.code.map { " (XML error \($0))" } ?? ""
            throw XLSXPartError(reason: "\(part) is not well-formed XML at line \(syntaxError.line)\(code)")
        }
        if depth != 0 {
            throw XLSXPartError(reason: "\(part) is not well-formed XML (it ends before all its elements are closed)")
        }
    }

    /// Refuses a part that is not UTF-8 or that has a document type declaration, before any XML
    /// parser sees it.
    ///
    /// Workbook parts never have a DTD (ECMA-376 Part 2 forbids one), and a DTD is what an
    /// external entity (XXE) or "billion laughs" attack needs: Foundation's parser on Linux asks
    /// libxml2 to substitute entities, so the bytes are checked rather than trusting the
    /// parser's settings. Only UTF-8 is accepted, which every spreadsheet program writes, so
    /// that the check cannot be dodged by another encoding (UTF-16, or UTF-7 named in the XML
    /// declaration).
    static func checkPlainXML(_ data: Data, part: String) throws(XLSXPartError) {
        var bytes = data[...]
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { bytes = bytes.dropFirst(3) }
        let start = bytes.drop { $0 == 0x20 || $0 == 0x09 || $0 == 0x0D || $0 == 0x0A }
        // `<` then a byte that is not NUL: what UTF-8 (or ASCII) XML starts with, and UTF-16,
        // UCS-4 and EBCDIC do not.
        guard start.first == UInt8(ascii: "<"), start.dropFirst().first.map({ $0 != 0 }) ?? false else {
            throw XLSXPartError(reason: "\(part) is not UTF-8 XML")
        }
        if start.starts(with: Array("<?xml".utf8)) {
            let declaration = String(decoding: start.prefix(while: { $0 != UInt8(ascii: ">") }).prefix(512), as: UTF8.self)
            if let range = declaration.range(of: "encoding") {
                let value = declaration[range.upperBound...].drop { $0 == " " || $0 == "=" || $0 == "\"" || $0 == "'" }
                    .prefix { $0 != "\"" && $0 != "'" }.lowercased()
                guard value == "utf-8" || value == "utf8" else {
                    throw XLSXPartError(reason: "\(part) is in the encoding \"\(value)\"; only UTF-8 workbooks are read")
                }
            }
        }
        for declaration in ["<!DOCTYPE", "<!ENTITY"] where data.range(of: Data(declaration.utf8)) != nil {
            throw XLSXPartError(reason: "\(part) has a document type declaration (\(declaration)), which workbooks never have; it is refused so that no entity in it is resolved")
        }
    }

    func start(_ element: String, _ attributes: [String: String]) {}
    func end(_ element: String) {}

    /// Starts collecting character data; ``takeText()`` returns and clears it.
    func captureText() { capturing = true }

    func takeText() -> String {
        defer { text = ""; capturing = false }
        return text
    }

    func fail(_ reason: String) {
        if failure == nil { failure = reason }
    }

    /// The value of an attribute regardless of its namespace prefix (`r:id`, `ns1:id`).
    static func attribute(_ name: String, in attributes: [String: String]) -> String? {
        if let value = attributes[name] { return value }
        return attributes.first { localName($0.key) == name }?.value
    }

    static func localName(_ qualified: String) -> String {
        qualified.firstIndex(of: ":").map { String(qualified[qualified.index(after: $0)...]) } ?? qualified
    }

    func parser(
        _ parser: XMLParser,
        didStartElement elementName: String,
        namespaceURI: String?,
        qualifiedName qName: String?,
        attributes attributeDict: [String: String] = [:]
    ) {
        depth += 1
        start(Self.localName(elementName), attributeDict)
        if failure != nil { parser.abortParsing() }
    }

    func parser(_ parser: XMLParser, didEndElement elementName: String, namespaceURI: String?, qualifiedName qName: String?) {
        depth -= 1
        end(Self.localName(elementName))
        if failure != nil { parser.abortParsing() }
    }

    func parser(_ parser: XMLParser, parseErrorOccurred parseError: any Error) {
        if syntaxError == nil { syntaxError = (parser.lineNumber, (parseError as NSError).code) }
    }

    func parser(_ parser: XMLParser, foundCharacters string: String) {
        if capturing { text += string }
    }

    func parser(_ parser: XMLParser, foundCDATA CDATABlock: Data) {
        if capturing { text += String(decoding: CDATABlock, as: UTF8.self) }
    }
}

/// `xl/workbook.xml`: sheet names and the relationship ids that point at their parts, in tab order.
final class XLSXWorkbookPartParser: XLSXPartParser {
    private(set) var sheets: [(name: String, relationshipID: String)] = []

    override func start(_ element: String, _ attributes: [String: String]) {
        guard element == "sheet" else { return }
        guard let name = attributes["name"], let id = Self.attribute("id", in: attributes) else {
            return fail("a <sheet> element lacks its name or r:id")
        }
        sheets.append((name, id))
    }
}

/// A `.rels` part: relationship id to type and target.
final class XLSXRelationshipsParser: XLSXPartParser {
    struct Relationship {
        var type: String
        var target: String
    }

    private(set) var relationships: [String: Relationship] = [:]

    override func start(_ element: String, _ attributes: [String: String]) {
        guard element == "Relationship", attributes["TargetMode"] != "External",
              let id = attributes["Id"], let target = attributes["Target"] else { return }
        relationships[id] = Relationship(type: attributes["Type"] ?? "", target: target)
    }
}

/// `xl/sharedStrings.xml`: one string per `<si>`, the concatenation of its `<t>` runs.
/// Phonetic guides (`<rPh>`) also hold `<t>` elements but are not part of the text.
final class XLSXSharedStringsParser: XLSXPartParser {
    private(set) var strings: [String] = []
    private var current = ""
    private var phoneticDepth = 0

    override func start(_ element: String, _ attributes: [String: String]) {
        switch element {
        case "si": current = ""
        case "rPh": phoneticDepth += 1
        case "t" where phoneticDepth == 0: captureText()
        default: break
        }
    }

    override func end(_ element: String) {
        switch element {
        case "si": strings.append(XLSXText.unescape(current))
        case "rPh": phoneticDepth -= 1
        case "t" where phoneticDepth == 0: current += takeText()
        default: break
        }
    }
}

/// A worksheet part: rows of cell text, placed by their `r` references so that cells Excel
/// leaves out (empty ones) keep the columns after them in place.
final class XLSXWorksheetParser: XLSXPartParser {
    private let sharedStrings: [String]
    private(set) var rows: [[String]] = []

    private var rowNumber: Int?
    private var cells: [Int: String] = [:]
    private var lastColumn = 0
    private var cell: (column: Int, type: String)?
    private var value: String?
    private var inlineText: String?
    private var phoneticDepth = 0

    // Excel's own limits; a reference beyond them is a corrupt file, not a big sheet.
    static let maximumRows = 1_048_576
    static let maximumColumns = 16_384
    /// The most cells all rows may span together. Rows are dense arrays, so one cell far to the
    /// right costs its whole row: a few kilobytes of XML could otherwise ask for gigabytes.
    static let maximumCells = 1 << 22
    private var cellCount = 0

    init(sharedStrings: [String]) {
        self.sharedStrings = sharedStrings
    }

    override func start(_ element: String, _ attributes: [String: String]) {
        switch element {
        case "row":
            rowNumber = attributes["r"].flatMap { Int($0) }
            cells = [:]
            lastColumn = 0
        case "c":
            var column = lastColumn + 1
            if let reference = attributes["r"] {
                guard let parsed = XLSXCellReference(reference) else { return fail("invalid cell reference \"\(reference)\"") }
                column = parsed.column
                if rowNumber == nil { rowNumber = parsed.row }
            }
            guard column <= Self.maximumColumns else { return fail("cell column \(column) is beyond the last column") }
            lastColumn = column
            cell = (column, attributes["t"] ?? "n")
            value = nil
            inlineText = nil
        case "v" where cell != nil:
            captureText()
        case "is" where cell != nil:
            inlineText = ""
        case "rPh":
            phoneticDepth += 1
        case "t" where inlineText != nil && phoneticDepth == 0:
            captureText()
        default:
            break
        }
    }

    override func end(_ element: String) {
        switch element {
        case "v" where cell != nil:
            value = takeText()
        case "rPh":
            phoneticDepth -= 1
        case "t" where inlineText != nil && phoneticDepth == 0:
            inlineText? += takeText()
        case "c":
            if let cell, let text = cellText(type: cell.type) { cells[cell.column] = text }
            cell = nil
        case "row":
            finishRow()
        default:
            break
        }
    }

    private func cellText(type: String) -> String? {
        switch type {
        case "s":
            guard let value else { return nil }
            guard let index = Int(value.trimmingCharacters(in: .whitespaces)), sharedStrings.indices.contains(index) else {
                fail("a cell refers to shared string \(value), which does not exist")
                return nil
            }
            return sharedStrings[index]
        case "inlineStr":
            return inlineText.map(XLSXText.unescape) ?? value
        case "b":
            return value.map { $0.trimmingCharacters(in: .whitespaces) == "1" ? "TRUE" : "FALSE" }
        case "n":
            return value.map(XLSXText.number)
        default:
            // `str` (a formula's text result), `e` (an error such as #N/A) and `d` (ISO date
            // text) are already the text to show.
            return value
        }
    }

    private func finishRow() {
        let number = rowNumber ?? rows.count + 1
        guard number >= 1, number <= Self.maximumRows else { return fail("row number \(number) is out of range") }
        // Rows must ascend; a row repeated or out of order is kept after the previous one so no
        // data is overwritten.
        let index = max(number - 1, rows.count)
        while rows.count < index { rows.append([]) }
        let width = cells.keys.max() ?? 0
        cellCount += width
        guard cellCount <= Self.maximumCells else {
            return fail("its rows span more than \(Self.maximumCells) cells (row \(number)); a seed workbook has a few dozen")
        }
        var row = Array(repeating: "", count: width)
        for (column, text) in cells { row[column - 1] = text }
        rows.append(row)
        rowNumber = nil
    }
}
