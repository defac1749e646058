import NIOCore
import Synchronization

/// Rendered answers to open-ended requests (area searches and their suggestions), kept for the
/// dataset version being served.
///
/// Unlike ``ResponseCache``, whose keys are the site's pages, these keys are whatever visitors
/// type: there is no end to them, and a cache that simply stopped storing once full would keep
/// the first queries of the day rather than the common ones. So it keeps two generations, each
/// up to half of `byteLimit`. New bodies go into the current one; when that is full it becomes
/// the previous one and the one before is dropped. A hit in the previous generation moves back
/// into the current one, so a query asked again and again stays while one-off queries age out,
/// all at the cost of a dictionary lookup or two under the lock.
public final class QueryCache: Sendable {
    private struct State {
        var version: Int?
        var current: [String: ByteBuffer] = [:]
        var currentBytes = 0
        var previous: [String: ByteBuffer] = [:]

        mutating func reset(to version: Int?) {
            self.version = version
            current = [:]
            currentBytes = 0
            previous = [:]
        }

        mutating func insert(_ body: ByteBuffer, for key: String, size: Int, generationLimit: Int) {
            if currentBytes + size > generationLimit {
                previous = current
                current = [:]
                currentBytes = 0
            }
            if current.updateValue(body, forKey: key) == nil { currentBytes += size }
        }
    }

    private let state = Mutex(State())
    /// At most this many bytes of bodies and keys are held, both generations together.
    public let byteLimit: Int

    public init(byteLimit: Int) {
        self.byteLimit = byteLimit
    }

    private var generationLimit: Int { byteLimit / 2 }

    /// The body kept for `key` under `version`, or `render`'s, which is kept unless it alone
    /// would fill a generation. Rendering happens outside the lock; two requests missing the same
    /// key at once both render it, which for a body this cheap costs less than coordinating them.
    public func body(for key: String, version: Int?, render: () throws -> ByteBuffer) rethrows -> ByteBuffer {
        let found = state.withLock { state -> ByteBuffer? in
            if state.version != version { state.reset(to: version) }
            if let body = state.current[key] { return body }
            guard let body = state.previous.removeValue(forKey: key) else { return nil }
            state.insert(body, for: key, size: key.utf8.count + body.readableBytes, generationLimit: generationLimit)
            return body
        }
        if let found { return found }
        let body = try render()
        let size = key.utf8.count + body.readableBytes
        guard size <= generationLimit else { return body }
        state.withLock { state in
            // The version may have moved on while rendering; the body belongs to the old one.
            guard state.version == version else { return }
            state.insert(body, for: key, size: size, generationLimit: generationLimit)
        }
        return body
    }

    /// How many bodies are held and the bytes of the current generation (for tests).
    public var usage: (entries: Int, currentBytes: Int) {
        state.withLock { ($0.current.count + $0.previous.count, $0.currentBytes) }
    }
}
