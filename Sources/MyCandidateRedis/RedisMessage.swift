import NIOCore

/// A message published on a channel this client subscribed to.
public struct RedisMessage: Sendable, Hashable {
    public var channel: String
    /// The payload as sent, binary-safe.
    public var payload: ByteBuffer

    /// The payload as text; invalid UTF-8 is repaired with U+FFFD.
    public var text: String { String(buffer: payload) }

    public init(channel: String, payload: ByteBuffer) {
        self.channel = channel
        self.payload = payload
    }
}
