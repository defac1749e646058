#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A blocking TCP socket connected to 127.0.0.1, for tests that must write bytes no HTTP client
/// would (a request head trickled a byte at a time, a malformed request) and see exactly what the
/// server does with them.
public enum LoopbackSocket {
    /// Connects to 127.0.0.1:`port` and returns the descriptor, which the caller closes.
    /// `timeoutSeconds` bounds each blocking send and receive (0: no bound).
    public static func connect(port: Int, timeoutSeconds: Int = 0) throws -> CInt {
        #if os(Linux)
        let descriptor = socket(AF_INET, CInt(SOCK_STREAM.rawValue), 0)
        #else
        let descriptor = socket(AF_INET, SOCK_STREAM, 0)
        #endif
        guard descriptor >= 0 else { throw LoopbackSocketError(reason: "socket() failed", errno: errno) }
        if timeoutSeconds > 0 {
            var timeout = timeval(tv_sec: timeoutSeconds, tv_usec: 0)
            setsockopt(descriptor, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
            setsockopt(descriptor, SOL_SOCKET, SO_SNDTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                #if os(Linux)
                Glibc.connect(descriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
                #else
                Darwin.connect(descriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
                #endif
            }
        }
        guard connected == 0 else {
            let error = LoopbackSocketError(reason: "connect() to 127.0.0.1:\(port) failed", errno: errno)
            close(descriptor)
            throw error
        }
        return descriptor
    }

    /// `send` flags that make a write to a closed connection fail rather than raise SIGPIPE.
    public static var noSignal: CInt {
        #if os(Linux)
        CInt(MSG_NOSIGNAL)
        #else
        0
        #endif
    }
}

/// A socket call that failed, with its `errno`.
public struct LoopbackSocketError: Error, CustomStringConvertible {
    public var reason: String
    public var errno: CInt

    public var description: String { "\(reason) (errno \(errno))" }
}
