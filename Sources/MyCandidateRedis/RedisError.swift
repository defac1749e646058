/// Why a Redis call failed.
///
/// No case ever carries a password: server messages are passed on as Redis wrote them (Redis
/// does not echo credentials), and configuration errors describe the problem, not the input.
public enum RedisError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The configuration or `REDIS_URL` is not usable; the text says what is wrong.
    case invalidConfiguration(String)
    /// An argument cannot be sent, such as an empty command or a non-positive expiry.
    case invalidArgument(String)
    /// Redis cannot be reached right now: the last connection attempt was refused, timed out or
    /// failed otherwise (the text says which and to where). While the client waits out its
    /// reconnect backoff, commands fail with this at once instead of waiting.
    case unavailable(String)
    /// The server refused the credentials (`AUTH`), or requires some (`NOAUTH`). Not retried
    /// until the longest reconnect delay has passed, since repeating a wrong password helps nobody.
    case authenticationFailed(String)
    /// The TLS handshake failed, most often because the server's certificate is not trusted or
    /// does not name the host.
    case tlsFailed(String)
    /// No reply came within the command timeout. The connection is closed, because replies are
    /// matched to commands in order and a late reply would go to the wrong caller.
    case commandTimedOut(Duration)
    /// The connection closed while the command was in flight: it may or may not have run.
    case connectionClosed
    /// Redis answered with an error reply, such as `WRONGTYPE ...`.
    case server(String)
    /// The server sent bytes that are not valid RESP2, or a reply nobody asked for.
    case protocolViolation(String)
    /// The client was shut down.
    case shutdown

    public var description: String {
        switch self {
        case .invalidConfiguration(let reason): "invalid Redis configuration: \(reason)"
        case .invalidArgument(let reason): "invalid Redis command: \(reason)"
        case .unavailable(let reason): "Redis unavailable: \(reason)"
        case .authenticationFailed(let message): "Redis authentication failed: \(message)"
        case .tlsFailed(let reason): "Redis TLS handshake failed: \(reason)"
        case .commandTimedOut(let timeout): "Redis command timed out after \(timeout)"
        case .connectionClosed: "Redis connection closed before the reply arrived"
        case .server(let message): "Redis error: \(message)"
        case .protocolViolation(let reason): "Redis protocol violation: \(reason)"
        case .shutdown: "Redis client is shut down"
        }
    }
}
