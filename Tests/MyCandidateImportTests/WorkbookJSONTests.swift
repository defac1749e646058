import Testing
@testable import MyCandidateImport

@Suite struct WorkbookJSONTests {
    @Test func keepsObjectKeyOrder() throws {
        let value = try WorkbookJSON.parse(#"{"ward": 1, "national": 2, "county": 3}"#)
        guard case .object(let members) = value else { Issue.record("not an object"); return }
        #expect(members.map(\.key) == ["ward", "national", "county"])
    }

    @Test func acceptsTrailingCommasAndLineBreaks() throws {
        let value = try WorkbookJSON.parse("{\n  \"a\": [\"x\", \"y\",],\n  \"b\": {\"c\": true,},\n}\n")
        #expect(value == .object([
            ("a", .array([.string("x"), .string("y")])),
            ("b", .object([("c", .bool(true))])),
        ]))
    }

    @Test func readsEscapesNumbersAndLiterals() throws {
        let value = try WorkbookJSON.parse(#"["a\"b\\\u00e9\ud83d\ude00", -1.5e3, 0, null, false]"#)
        #expect(value == .array([.string("a\"b\\é😀"), .number("-1.5e3"), .number("0"), .null, .bool(false)]))
    }

    @Test func reportsWhereTheTextIsWrong() {
        #expect(throws: JSONSyntaxError(line: 2, column: 3, reason: "unexpected character '\"', expected ',' or '}'")) {
            try WorkbookJSON.parse("{\"a\": 1\n  \"b\": 2}")
        }
        #expect(throws: JSONSyntaxError(line: 1, column: 7, reason: "unterminated string")) {
            try WorkbookJSON.parse(#"{"a": "b"#)
        }
        #expect(throws: JSONSyntaxError(line: 1, column: 2, reason: "curly quote \u{201C} found; use straight quotes (\")")) {
            try WorkbookJSON.parse("{\u{201C}ward\u{201D}: 1}")
        }
        #expect(throws: JSONSyntaxError(line: 1, column: 4, reason: "unexpected text after the JSON value")) {
            try WorkbookJSON.parse("{} x")
        }
        #expect(throws: JSONSyntaxError(line: 1, column: 1, reason: "unexpected end of text, expected a value")) {
            try WorkbookJSON.parse("")
        }
    }
}
