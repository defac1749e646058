import CoreMetrics
import Foundation
import Logging
import ServiceLifecycle
import Synchronization

/// A swift-metrics backend that keeps what happened since the last flush and writes it as
/// CloudWatch Embedded Metric Format lines: JSON log events that CloudWatch Logs turns into
/// metrics on arrival, so a container on Fargate needs no CloudWatch agent.
///
/// Every series (a metric name with its dimension values) is aggregated in memory:
///
/// - counters as the increase since the last flush (a series that did not move is left out);
/// - meters and gauges as their latest value (always written: they are a state, not an event);
/// - timers as up to 100 durations in milliseconds, a uniform sample (reservoir sampling) when
///   there were more, so CloudWatch can give percentiles, plus `<name>_max`, the true maximum.
///
/// A flush writes one line per set of dimension values, holding every metric that shares them
/// (a route's request count and latency travel together):
///
/// ```json
/// {"_aws":{"Timestamp":1777628400000,"CloudWatchMetrics":[{"Namespace":"MyCandidate","Dimensions":[["method","route","status"]],"Metrics":[{"Name":"http_requests","Unit":"Count"},{"Name":"http_request_duration","Unit":"Milliseconds"},{"Name":"http_request_duration_max","Unit":"Milliseconds"}]}]},"method":"GET","route":"/","status":"200","http_requests":12,"http_request_duration":[1.2,0.8],"http_request_duration_max":1.2}
/// ```
///
/// Metric names lose the `mycandidate_` prefix (the namespace says it), a counter's `_total` and
/// a timer's `_seconds` (its values are milliseconds).
final class EMFMetricsFactory: MetricsFactory, Sendable {
    /// The CloudWatch namespace every metric is put in.
    let namespace: String
    private let series = Mutex<[SeriesKey: EMFSeries]>([:])

    init(namespace: String = "MyCandidate") {
        self.namespace = namespace
    }

    /// CloudWatch's limit of values in one metric's array.
    static let maximumSamples = 100

    struct SeriesKey: Hashable {
        var name: String
        var dimensions: [Dimension]
    }

    struct Dimension: Hashable, Comparable {
        var name: String
        var value: String
        static func < (lhs: Self, rhs: Self) -> Bool { (lhs.name, lhs.value) < (rhs.name, rhs.value) }
    }

    private func series(_ label: String, _ dimensions: [(String, String)], _ kind: EMFSeries.Kind) -> EMFSeries {
        let key = SeriesKey(name: label, dimensions: dimensions.map { Dimension(name: $0.0, value: $0.1) }.sorted())
        return series.withLock { all in
            if let existing = all[key] { return existing }
            let made = EMFSeries(kind: kind)
            all[key] = made
            return made
        }
    }

    func makeCounter(label: String, dimensions: [(String, String)]) -> any CounterHandler {
        series(label, dimensions, .counter)
    }

    func makeFloatingPointCounter(label: String, dimensions: [(String, String)]) -> any FloatingPointCounterHandler {
        series(label, dimensions, .counter)
    }

    func makeMeter(label: String, dimensions: [(String, String)]) -> any MeterHandler {
        series(label, dimensions, .gauge)
    }

    func makeRecorder(label: String, dimensions: [(String, String)], aggregate: Bool) -> any RecorderHandler {
        series(label, dimensions, aggregate ? .timer : .gauge)
    }

    func makeTimer(label: String, dimensions: [(String, String)]) -> any TimerHandler {
        series(label, dimensions, .timer)
    }

    // Series live as long as the factory: the set of routes and statuses is bounded.
    func destroyCounter(_ handler: any CounterHandler) {}
    func destroyMeter(_ handler: any MeterHandler) {}
    func destroyFloatingPointCounter(_ handler: any FloatingPointCounterHandler) {}
    func destroyRecorder(_ handler: any RecorderHandler) {}
    func destroyTimer(_ handler: any TimerHandler) {}

    /// Takes what was recorded since the last flush and returns it as EMF lines (newline
    /// included), one per set of dimension values; counters and timers start again from zero.
    func flush(timestamp: Date = Date()) -> [String] {
        let all = series.withLock { $0 }
        var groups: [[Dimension]: [(name: String, reading: EMFSeries.Reading)]] = [:]
        for (key, series) in all {
            guard let reading = series.take() else { continue }
            groups[key.dimensions, default: []].append((key.name, reading))
        }
        let milliseconds = Int64((timestamp.timeIntervalSince1970 * 1000).rounded(.down))
        return groups.keys.sorted { $0.lexicographicallyPrecedes($1) }.map { dimensions in
            line(timestamp: milliseconds, dimensions: dimensions, readings: groups[dimensions]!.sorted { $0.name < $1.name })
        }
    }

    private func line(timestamp: Int64, dimensions: [Dimension], readings: [(name: String, reading: EMFSeries.Reading)]) -> String {
        var definitions: [(name: String, unit: String)] = []
        var values = ""
        for (label, reading) in readings {
            switch reading {
            case .count(let count):
                let name = Self.metricName(label, dropping: "_total")
                definitions.append((name, "Count"))
                values += ","
                JSONText.appendString(name, to: &values)
                values += ":"
                JSONText.appendNumber(count, to: &values)
            case .value(let value):
                let name = Self.metricName(label, dropping: nil)
                definitions.append((name, name.hasSuffix("_seconds") ? "Seconds" : "None"))
                values += ","
                JSONText.appendString(name, to: &values)
                values += ":"
                JSONText.appendNumber(value, to: &values)
            case .durations(let samples, let maximum):
                let name = Self.metricName(label, dropping: "_seconds")
                definitions.append((name, "Milliseconds"))
                definitions.append((name + "_max", "Milliseconds"))
                values += ","
                JSONText.appendString(name, to: &values)
                values += ":["
                for (index, sample) in samples.enumerated() {
                    if index > 0 { values += "," }
                    JSONText.appendNumber(sample, to: &values)
                }
                values += "],"
                JSONText.appendString(name + "_max", to: &values)
                values += ":"
                JSONText.appendNumber(maximum, to: &values)
            }
        }
        var line = #"{"_aws":{"Timestamp":"# + String(timestamp) + #","CloudWatchMetrics":[{"Namespace":"#
        JSONText.appendString(namespace, to: &line)
        line += #","Dimensions":[["#
        for (index, dimension) in dimensions.enumerated() {
            if index > 0 { line += "," }
            JSONText.appendString(dimension.name, to: &line)
        }
        line += #"]],"Metrics":["#
        for (index, definition) in definitions.enumerated() {
            if index > 0 { line += "," }
            line += #"{"Name":"#
            JSONText.appendString(definition.name, to: &line)
            line += #","Unit":"#
            JSONText.appendString(definition.unit, to: &line)
            line += "}"
        }
        line += "]}]}"
        for dimension in dimensions {
            line += ","
            JSONText.appendString(dimension.name, to: &line)
            line += ":"
            JSONText.appendString(dimension.value, to: &line)
        }
        line += values
        line += "}\n"
        return line
    }

    static func metricName(_ label: String, dropping suffix: String?) -> String {
        var name = Substring(label)
        if name.hasPrefix("mycandidate_") { name = name.dropFirst("mycandidate_".count) }
        if let suffix, name.hasSuffix(suffix) { name = name.dropLast(suffix.count) }
        return String(name)
    }
}

/// One series' aggregate since the last flush; it is every kind of handler, and the factory
/// decides which it is used as.
final class EMFSeries: CounterHandler, FloatingPointCounterHandler, MeterHandler, RecorderHandler, TimerHandler, Sendable {
    enum Kind { case counter, gauge, timer }

    enum Reading {
        case count(Double)
        case value(Double)
        /// Milliseconds: a sample of at most ``EMFMetricsFactory/maximumSamples``, and the maximum.
        case durations([Double], maximum: Double)
    }

    private struct State {
        var total: Double = 0
        var value: Double?
        var samples: [Double] = []
        var observations = 0
        var maximum = -Double.infinity
        var random = SystemRandomNumberGenerator()
    }

    let kind: Kind
    private let state = Mutex(State())

    init(kind: Kind) {
        self.kind = kind
    }

    func increment(by amount: Int64) { increment(by: Double(amount)) }
    func increment(by amount: Double) {
        state.withLock {
            if kind == .gauge { $0.value = ($0.value ?? 0) + amount } else { $0.total += amount }
        }
    }

    func decrement(by amount: Double) { state.withLock { $0.value = ($0.value ?? 0) - amount } }
    func reset() { state.withLock { $0.total = 0 } }
    func set(_ value: Int64) { set(Double(value)) }
    func set(_ value: Double) { state.withLock { $0.value = value } }

    func record(_ value: Int64) { record(Double(value)) }
    func record(_ value: Double) {
        if kind == .timer { observe(value) } else { set(value) }
    }

    func recordNanoseconds(_ duration: Int64) { observe(Double(duration) / 1_000_000) }

    /// Reservoir sampling (Vitter's algorithm R): after n observations each has had the same
    /// chance, 100/n, of being among the samples.
    private func observe(_ value: Double) {
        state.withLock { state in
            state.observations += 1
            state.maximum = max(state.maximum, value)
            if state.samples.count < EMFMetricsFactory.maximumSamples {
                state.samples.append(value)
            } else {
                let slot = Int.random(in: 0..<state.observations, using: &state.random)
                if slot < EMFMetricsFactory.maximumSamples { state.samples[slot] = value }
            }
        }
    }

    /// What to write for this flush, starting counters and timers again; `nil` when there is
    /// nothing (a counter or timer that saw nothing, a gauge never set).
    func take() -> Reading? {
        state.withLock { state in
            switch kind {
            case .counter:
                defer { state.total = 0 }
                return state.total == 0 ? nil : .count(state.total)
            case .gauge:
                return state.value.map { .value($0) }
            case .timer:
                guard state.observations > 0 else { return nil }
                defer {
                    state.samples.removeAll(keepingCapacity: true)
                    state.observations = 0
                    state.maximum = -.infinity
                }
                return .durations(state.samples, maximum: state.maximum)
            }
        }
    }
}

/// Writes the EMF lines every interval, and once more on the way out so the last requests are
/// counted too.
struct EMFFlushService: Service {
    let factory: EMFMetricsFactory
    let interval: Duration
    let output: LogOutput
    /// Brings gauges up to date (the snapshot's age) just before each flush.
    let beforeFlush: @Sendable () -> Void

    func run() async throws {
        try? await cancelWhenGracefulShutdown {
            while !Task.isCancelled {
                try await Task.sleep(for: interval)
                flush()
            }
        }
        flush()
    }

    func flush() {
        beforeFlush()
        for line in factory.flush() { output.write(line) }
    }
}
