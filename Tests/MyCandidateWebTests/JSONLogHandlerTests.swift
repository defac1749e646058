import Foundation
import Logging
@testable import MyCandidateWeb
import Testing

@Suite struct JSONLogHandlerTests {
    private func logger(_ capture: LogCapture, provider: Logger.MetadataProvider? = nil) -> Logger {
        var logger = Logger(label: "mycandidate.test") { label in
            JSONLogHandler(label: label, output: capture.output, metadataProvider: provider)
        }
        logger.logLevel = .debug
        return logger
    }

    @Test func eachEntryIsOneJSONObjectOnOneLine() throws {
        let capture = LogCapture()
        let logger = logger(capture)
        logger.info("first")
        logger.debug("second")
        logger.trace("below the level")
        #expect(capture.lines.count == 2)
        #expect(capture.lines.allSatisfy { $0.hasSuffix("}\n") && $0.dropLast().contains("\n") == false })
        let objects = try capture.objects()
        #expect(objects.map { $0["message"] as? String } == ["first", "second"])
        #expect(objects.map { $0["level"] as? String } == ["info", "debug"])
        #expect(objects.allSatisfy { $0["logger"] as? String == "mycandidate.test" })
        let timestamp = try #require(objects[0]["timestamp"] as? String)
        #expect(timestamp.wholeMatch(of: /\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z/) != nil)
        let parsed = try #require(ISO8601DateFormatter.withMilliseconds.date(from: timestamp))
        #expect(abs(parsed.timeIntervalSinceNow) < 60)
    }

    @Test func timestampsAreUTCWithMilliseconds() {
        #expect(JSONLogHandler.timestamp(seconds: 0, milliseconds: 0) == "1970-01-01T00:00:00.000Z")
        #expect(JSONLogHandler.timestamp(seconds: 1_777_628_412, milliseconds: 7) == "2026-05-01T09:40:12.007Z")
    }

    @Test func metadataIsMergedProviderThenLoggerThenCall() throws {
        let capture = LogCapture()
        let provider = Logger.MetadataProvider { ["trace_id": "abc", "shared": "provider"] }
        var logger = logger(capture, provider: provider)
        logger[metadataKey: "hb.request.id"] = "req-1"
        logger[metadataKey: "shared"] = "logger"
        logger[metadataKey: "component"] = "refresher"
        logger.warning("merged", metadata: ["shared": "call", "version": "7"])
        let object = try #require(try capture.objects().first)
        #expect(object["trace_id"] as? String == "abc")
        #expect(object["shared"] as? String == "call")
        #expect(object["component"] as? String == "refresher")
        #expect(object["version"] as? String == "7")
        // Hummingbird's request id key becomes request_id.
        #expect(object["request_id"] as? String == "req-1")
        #expect(object["hb.request.id"] == nil)
    }

    @Test func quotesNewlinesAndControlCharactersAreEscaped() throws {
        let capture = LogCapture()
        let logger = logger(capture)
        let nasty = "a \"quoted\" \\ path\nsecond line\r\t\u{01}\u{1F} ünïcode ✓"
        logger.error("\(nasty)", metadata: [nasty: .string(nasty)])
        #expect(capture.lines.count == 1)
        #expect(capture.lines[0].firstIndex(of: "\n") == capture.lines[0].index(before: capture.lines[0].endIndex))
        let object = try #require(try capture.objects().first)
        #expect(object["message"] as? String == nasty)
        #expect(object[nasty] as? String == nasty)
    }

    @Test func numbersBooleansAndNestedMetadataKeepTheirShape() throws {
        let capture = LogCapture()
        logger(capture).info("shapes", metadata: [
            "status": .stringConvertible(404), "duration_ms": .stringConvertible(1.25), "cached": .stringConvertible(true),
            "text": "12", "ids": .array(["a", .stringConvertible(2)]), "nested": .dictionary(["k": "v"]),
            "infinite": .stringConvertible(Double.infinity),
        ])
        let object = try #require(try capture.objects().first)
        #expect(object["status"] as? Int == 404)
        #expect(object["duration_ms"] as? Double == 1.25)
        #expect(object["cached"] as? Bool == true)
        #expect(object["text"] as? String == "12")
        #expect((object["ids"] as? [Any])?.count == 2)
        #expect((object["nested"] as? [String: String]) == ["k": "v"])
        #expect(object["infinite"] is NSNull)
    }

    @Test func metadataCannotOverwriteTheFixedFields() throws {
        let capture = LogCapture()
        logger(capture).info("the real message", metadata: ["message": "forged", "level": "critical"])
        let object = try #require(try capture.objects().first)
        #expect(object["message"] as? String == "the real message")
        #expect(object["level"] as? String == "info")
        #expect(object["meta_message"] as? String == "forged")
        #expect(object["meta_level"] as? String == "critical")
    }

    @Test func anErrorGivenToTheLoggerIsWritten() throws {
        struct Broken: Error, CustomStringConvertible { var description: String { "disk \"full\"" } }
        let capture = LogCapture()
        logger(capture).error("write failed", error: Broken())
        let object = try #require(try capture.objects().first)
        #expect(object["error"] as? String == "disk \"full\"")
    }
}

extension ISO8601DateFormatter {
    static var withMilliseconds: ISO8601DateFormatter {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        return formatter
    }
}
