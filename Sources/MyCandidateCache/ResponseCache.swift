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
        /// Bodies being produced now, by version and key, with the requests waiting for them.
        var producing: [String: [CheckedContinuation<ByteBuffer?, Never>]] = [:]

        /// Empties the cache for a new version. Bodies still being produced finish and go to
        /// their waiters, but are not stored: their version has gone.
        mutating func reset(to version: Int?) {
            self.version = version
            bodies = [:]
            bytes = 0
        }
    }

    private let state = Mutex(State())
    public let byteLimit: Int

    public init(byteLimit: Int) {
        self.byteLimit = byteLimit
    }

    /// The cached body for `key` under `version`, producing and storing it on a miss.
    ///
    /// Concurrent misses for one key produce it once: the others wait for that body. Right after
    /// a publish every page is a miss at once, and a busy page would otherwise be rendered by
    /// every request in flight, each one slowing all the others. Producing happens outside the
    /// lock, so a slow body never holds up other keys.
    public func body(for key: String, version: Int?, render: () throws -> ByteBuffer) async throws -> ByteBuffer {
        enum Step {
            case hit(ByteBuffer)
            case produce(flight: String)
            case wait(flight: String)
        }
        let step = state.withLock { state -> Step in
            if state.version != version { state.reset(to: version) }
            if let body = state.bodies[key] { return .hit(body) }
            // Only a miss pays for the key of its flight: hits are every request.
            let flight = "\(version ?? -1)|\(key)"
            if state.producing[flight] != nil { return .wait(flight: flight) }
            state.producing[flight] = []
            return .produce(flight: flight)
        }
        switch step {
        case .hit(let body):
            return body
        case .wait(let flight):
            let shared = await withCheckedContinuation { (waiter: CheckedContinuation<ByteBuffer?, Never>) in
                let queued = state.withLock { state -> Bool in
                    guard state.producing[flight] != nil else { return false }
                    state.producing[flight]?.append(waiter)
                    return true
                }
                // Finished in the meantime: look in the cache (or produce) below.
                if !queued { waiter.resume(returning: nil) }
            }
            if let shared { return shared }
            if let cached = cached(key, version: version) { return cached }
            return try render()
        case .produce(let flight):
            let body: ByteBuffer
            do {
                body = try render()
            } catch {
                // Waiters try for themselves; an error is not a body to share.
                finish(flight, with: nil)
                throw error
            }
            store(body, for: key, version: version)
            finish(flight, with: body)
            return body
        }
    }

    private func finish(_ flight: String, with body: ByteBuffer?) {
        let waiters = state.withLock { $0.producing.removeValue(forKey: flight) ?? [] }
        for waiter in waiters { waiter.resume(returning: body) }
    }

    /// The body stored for `key` under `version`, if any.
    public func cached(_ key: String, version: Int?) -> ByteBuffer? {
        state.withLock { state -> ByteBuffer? in
            if state.version != version { state.reset(to: version) }
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

