import CoreMetrics
import Foundation
@testable import MyCandidateWeb
import Testing

@Suite struct EMFMetricsTests {
    private func parse(_ line: String) throws -> [String: Any] {
        #expect(line.hasSuffix("}\n"))
        #expect(!line.dropLast().contains("\n"))
        return try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
    }

    /// The `CloudWatchMetrics` directive of an EMF line.
    private func directive(_ object: [String: Any]) throws -> [String: Any] {
        let aws = try #require(object["_aws"] as? [String: Any])
        #expect(aws["Timestamp"] as? Int == 1_777_628_412_345)
        let directives = try #require(aws["CloudWatchMetrics"] as? [[String: Any]])
        #expect(directives.count == 1)
        return directives[0]
    }

    @Test func aFlushWritesOneLinePerDimensionSetInEMF() throws {
        let factory = EMFMetricsFactory()
        let metrics = AppMetrics(factory: factory)
        let home = metrics.route("/", method: .get, status: 200)
        home.requests.increment()
        home.requests.increment()
        home.duration.recordNanoseconds(1_500_000)
        home.duration.recordNanoseconds(500_000)
        let missing = metrics.route("unmatched", method: .get, status: 404)
        missing.requests.increment()
        missing.duration.recordNanoseconds(250_000)
        metrics.requestsInFlight.increment()
        metrics.snapshotVersion.record(7)

        let lines = factory.flush(timestamp: Date(timeIntervalSince1970: 1_777_628_412.345))
        #expect(lines.count == 3)
        let objects = try lines.map(parse)

        let homeLine = try #require(objects.first { $0["route"] as? String == "/" })
        let homeDirective = try directive(homeLine)
        #expect(homeDirective["Namespace"] as? String == "MyCandidate")
        #expect(homeDirective["Dimensions"] as? [[String]] == [["method", "route", "status"]])
        let definitions = try #require(homeDirective["Metrics"] as? [[String: String]])
        #expect(definitions == [
            ["Name": "http_request_duration", "Unit": "Milliseconds"],
            ["Name": "http_request_duration_max", "Unit": "Milliseconds"],
            ["Name": "http_requests", "Unit": "Count"],
        ])
        #expect(homeLine["method"] as? String == "GET")
        #expect(homeLine["status"] as? String == "200")
        #expect(homeLine["http_requests"] as? Int == 2)
        #expect((homeLine["http_request_duration"] as? [Double])?.sorted() == [0.5, 1.5])
        #expect(homeLine["http_request_duration_max"] as? Double == 1.5)

        // Metrics without dimensions share a line with an empty dimension set.
        let plain = try #require(objects.first { $0["route"] == nil })
        #expect(try directive(plain)["Dimensions"] as? [[String]] == [[]])
        #expect(plain["http_requests_in_flight"] as? Int == 1)
        #expect(plain["snapshot_version"] as? Int == 7)
    }

    @Test func countsAndDurationsCoverOnlyTheTimeSinceTheLastFlush() throws {
        let factory = EMFMetricsFactory()
        let metrics = AppMetrics(factory: factory)
        let route = metrics.route("/parties", method: .get, status: 200)
        route.requests.increment()
        route.duration.recordNanoseconds(1_000_000)
        metrics.snapshotVersion.record(3)
        _ = factory.flush()

        // Nothing happened: the counter and timer are left out, the gauge is still a state.
        let quiet = try factory.flush(timestamp: Date(timeIntervalSince1970: 1_777_628_412.345)).map(parse)
        #expect(quiet.count == 1)
        #expect(quiet[0]["snapshot_version"] as? Int == 3)
        #expect(quiet[0]["http_requests"] == nil)

        route.requests.increment(by: 5)
        let busy = try factory.flush().map(parse)
        #expect(busy.first { $0["route"] as? String == "/parties" }?["http_requests"] as? Int == 5)
    }

    @Test func manyDurationsAreSampledToAHundredWithTheTrueMaximum() throws {
        let factory = EMFMetricsFactory()
        let timer = CoreMetrics.Timer(label: "mycandidate_http_request_duration_seconds", dimensions: [("route", "/")], factory: factory)
        for millisecond in 1...1000 { timer.recordNanoseconds(Int64(millisecond) * 1_000_000) }
        let line = try #require(try factory.flush().map(parse).first)
        let samples = try #require(line["http_request_duration"] as? [Double])
        #expect(samples.count == EMFMetricsFactory.maximumSamples)
        #expect(samples.allSatisfy { (1...1000).contains($0) })
        #expect(line["http_request_duration_max"] as? Double == 1000)
    }

    @Test func metricNamesLoseThePrefixAndUnitSuffixes() {
        #expect(EMFMetricsFactory.metricName("mycandidate_http_requests_total", dropping: "_total") == "http_requests")
        #expect(EMFMetricsFactory.metricName("mycandidate_database_operation_duration_seconds", dropping: "_seconds") == "database_operation_duration")
        #expect(EMFMetricsFactory.metricName("other_metric", dropping: nil) == "other_metric")
    }
}
