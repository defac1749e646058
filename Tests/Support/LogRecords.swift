import Logging
import Synchronization

/// Collects log records, for tests about what is logged.
public final class LogRecords: Sendable {
    public struct Record: Sendable {
        public var message: String
        public var metadata: [String: String]
    }

    private let records = Mutex<[Record]>([])

    public init() {}

    public var messages: [Record] { records.withLock { $0 } }
    public var text: String { messages.map { "\($0.message) \($0.metadata)" }.joined(separator: "\n") }

    public var logger: Logger {
        Logger(label: "capture") { _ in Handler(capture: self) }
    }

    private struct Handler: LogHandler {
        let capture: LogRecords
        var metadata: Logger.Metadata = [:]
        var logLevel: Logger.Level = .trace

        subscript(metadataKey key: String) -> Logger.Metadata.Value? {
            get { metadata[key] }
            set { metadata[key] = newValue }
        }

        func log(event: LogEvent) {
            let record = Record(
                message: "\(event.message)",
                metadata: (event.metadata ?? [:]).mapValues { "\($0)" }
            )
            capture.records.withLock { $0.append(record) }
        }
    }
}
