#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Synchronization

/// Where finished lines go: log lines and EMF lines share one output so they never interleave.
///
/// A line is handed over whole, newline included. The standard output writes it with `write(2)`
/// under a lock rather than through stdio: stdout is fully buffered when it is a pipe (as under
/// the awslogs driver), which would hold lines back until a buffer fills, and a crash would lose
/// them.
public struct LogOutput: Sendable {
    private let sink: @Sendable (String) -> Void

    /// An output that hands every line to `sink` (tests keep them in memory).
    public init(_ sink: @escaping @Sendable (String) -> Void) {
        self.sink = sink
    }

    /// Writes one line; `line` ends with a newline.
    public func write(_ line: String) {
        sink(line)
    }

    /// The process's standard output.
    public static let standardOutput = LogOutput { line in
        StandardOutputWriter.shared.write(line)
    }
}

/// Serialises writes to file descriptor 1, so two lines written at once from two threads (a
/// pipe keeps only writes under 4 KB whole) come out one after the other.
private final class StandardOutputWriter: Sendable {
    static let shared = StandardOutputWriter()
    private let lock = Mutex(())

    func write(_ line: String) {
        var line = line
        line.withUTF8 { bytes in
            lock.withLock { _ in
                var offset = 0
                while offset < bytes.count {
                    let written = systemWrite(bytes.baseAddress! + offset, bytes.count - offset)
                    if written > 0 {
                        offset += written
                    } else if written < 0, errno == EINTR {
                        continue
                    } else {
                        // stdout is gone (closed pipe): there is nowhere left to say so.
                        return
                    }
                }
            }
        }
    }

    private func systemWrite(_ pointer: UnsafePointer<UInt8>, _ count: Int) -> Int {
        #if canImport(Glibc)
        Glibc.write(STDOUT_FILENO, pointer, count)
        #else
        Darwin.write(STDOUT_FILENO, pointer, count)
        #endif
    }
}
