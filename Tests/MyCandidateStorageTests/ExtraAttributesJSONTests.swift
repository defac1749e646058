@testable import MyCandidateStorage
import Testing

@Suite("Extra attributes JSON")
struct ExtraAttributesJSONTests {
    @Test("no attributes are stored as NULL")
    func empty() throws {
        #expect(ExtraAttributesJSON.encode([:]) == nil)
        #expect(try ExtraAttributesJSON.decode(nil) == [:])
    }

    @Test("keys are sorted and special characters escaped")
    func encoding() {
        #expect(ExtraAttributesJSON.encode(["b": "2", "a": "x\"y\\z\n\u{1}é"]) == #"{"a":"x\"y\\z\n\u0001é","b":"2"}"#)
    }

    @Test("round trip", arguments: [
        ["occupation": "Teacher"],
        ["": "", "quote\"": "back\\slash", "tab\t": "new\nline\r", "ctl": "\u{0}\u{1F}"],
        ["unicode": "KwaZulu\u{2010}Natal 🗳️ Zoë"],
    ])
    func roundTrip(extra: [String: String]) throws {
        #expect(try ExtraAttributesJSON.decode(ExtraAttributesJSON.encode(extra)) == extra)
    }

    @Test("other JSON writers' objects parse too")
    func foreignJSON() throws {
        #expect(try ExtraAttributesJSON.decode(#" { "a" : "\u00e9\/" , "b":"\ud83d\uddf3" } "#) == ["a": "é/", "b": "🗳"])
    }

    @Test("malformed JSON is an error", arguments: [#"{"a":1}"#, #"{"a":"b""#, #"["a"]"#, #"{"a":"b"} x"#, #"{"a":"\q"}"#])
    func malformed(json: String) {
        #expect(throws: ExtraAttributesJSON.MalformedJSON.self) { try ExtraAttributesJSON.decode(json) }
    }
}
