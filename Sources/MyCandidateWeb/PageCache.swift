import NIOCore
import Synchronization

/// Rendered page bodies of the dataset version being served, so a repeat request for a page
/// does no rendering at all.
///
/// Entries belong to one dataset version: the first request under a new version empties the
/// cache. Once `byteLimit` is reached, further pages are rendered per request rather than
/// stored, which bounds memory without eviction bookkeeping on the hot path.
final class PageCache: Sendable {
    private struct State {
        var version: Int?
        var pages: [String: ByteBuffer] = [:]
        var bytes = 0
    }

    private let state = Mutex(State())
    let byteLimit: Int

    init(byteLimit: Int) {
        self.byteLimit = byteLimit
    }

    /// The cached body for `key` under `version`, rendering and storing it on a miss.
    /// Rendering happens outside the lock so a slow page never holds up other requests.
    func body(for key: String, version: Int?, render: () throws -> ByteBuffer) rethrows -> ByteBuffer {
        let cached = state.withLock { state -> ByteBuffer? in
            if state.version != version { state = State(version: version) }
            return state.pages[key]
        }
        if let cached { return cached }
        let body = try render()
        state.withLock { state in
            guard state.version == version, state.bytes + body.readableBytes <= byteLimit else { return }
            if state.pages.updateValue(body, forKey: key) == nil { state.bytes += body.readableBytes }
        }
        return body
    }

    /// How many pages and bytes are stored (for tests and, later, metrics).
    var usage: (pages: Int, bytes: Int) {
        state.withLock { ($0.pages.count, $0.bytes) }
    }
}
