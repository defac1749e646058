import NIOCore
import Synchronization

/// Response bodies of the dataset version being served (rendered pages, encoded API
/// responses), so a repeat request does no rendering or encoding at all.
///
/// Entries belong to one dataset version: the first request under a new version empties the
/// cache. Once `byteLimit` is reached, further bodies are produced per request rather than
/// stored, which bounds memory without eviction bookkeeping on the hot path.
public final class ResponseCache: Sendable {
    private struct State {
        var version: Int?
        var bodies: [String: ByteBuffer] = [:]
        var bytes = 0
    }

    private let state = Mutex(State())
    public let byteLimit: Int

    public init(byteLimit: Int) {
        self.byteLimit = byteLimit
    }

    /// The cached body for `key` under `version`, producing and storing it on a miss.
    /// Producing happens outside the lock so a slow body never holds up other requests.
    public func body(for key: String, version: Int?, render: () throws -> ByteBuffer) rethrows -> ByteBuffer {
        if let cached = cached(key, version: version) { return cached }
        let body = try render()
        store(body, for: key, version: version)
        return body
    }

    /// The body stored for `key` under `version`, if any.
    public func cached(_ key: String, version: Int?) -> ByteBuffer? {
        state.withLock { state -> ByteBuffer? in
            if state.version != version { state = State(version: version) }
            return state.bodies[key]
        }
    }

    /// Keeps `body` for `key` unless the version moved on meanwhile or the cache is full.
    public func store(_ body: ByteBuffer, for key: String, version: Int?) {
        state.withLock { state in
            guard state.version == version, state.bytes + body.readableBytes <= byteLimit else { return }
            if state.bodies.updateValue(body, forKey: key) == nil { state.bytes += body.readableBytes }
        }
    }

    /// How many bodies and bytes are stored (for tests and, later, metrics).
    public var usage: (entries: Int, bytes: Int) {
        state.withLock { ($0.bodies.count, $0.bytes) }
    }
}
