import CZlibShim
import Foundation

/// The parts of a zip archive held in memory, read strictly enough for files from strangers.
///
/// Hand-written rather than ZIPFoundation because fuzzing found two inputs that the package
/// cannot survive: a central directory pointing past the end of the file traps its in-memory
/// archive, and a deflate stream that runs past the end of the file loops forever in its
/// inflate (it reads on from the file and retries an empty read). Here every part's bytes must
/// lie before the central directory, inflating reads exactly those bytes and must end its
/// stream there, and the output is counted against a limit as it grows.
///
/// Enough for workbooks: stored and deflated parts, no encryption, no zip64 (a seed workbook is
/// far below 4 GB), one disk.
struct ZipArchive {
    /// One part as the central directory describes it.
    struct Entry {
        var path: String
        var method: UInt16
        var flags: UInt16
        var crc: UInt32
        var compressedSize: Int
        var uncompressedSize: Int
        var localHeaderOffset: Int
    }

    /// Why an archive or a part cannot be read.
    enum Failure: Error {
        /// `reason` completes "not a valid .xlsx workbook (…)".
        case invalid(String)
        /// The part unpacks to more than the limit the caller gave.
        case tooLarge

        var reason: String {
            switch self {
            case .invalid(let reason): reason
            case .tooLarge: "a part unpacks to more than allowed"
            }
        }
    }

    private let bytes: [UInt8]
    /// Where the central directory starts: every part's data must end before it.
    private let centralDirectoryOffset: Int
    /// The file parts (folders left out), in central directory order.
    let entries: [Entry]

    init(_ data: Data) throws(Failure) {
        bytes = [UInt8](data)
        // The end-of-central-directory record: 22 bytes, then a comment of up to 64 KB.
        let lowest = max(0, bytes.count - 22 - 0xFFFF)
        var end = bytes.count - 22
        while end >= lowest, Self.u32(bytes, end) != 0x0605_4B50 { end -= 1 }
        guard end >= lowest else { throw .invalid("not a zip archive") }
        let count = Int(Self.u16(bytes, end + 10))
        let size = Int(Self.u32(bytes, end + 12))
        let offset = Int(Self.u32(bytes, end + 16))
        guard Self.u16(bytes, end + 4) == 0, Self.u16(bytes, end + 6) == 0, Self.u16(bytes, end + 8) == count else {
            throw .invalid("a zip archive split over several files")
        }
        guard count != 0xFFFF, size != 0xFFFF_FFFF, offset != 0xFFFF_FFFF else {
            throw .invalid("a zip64 archive, which a workbook never needs")
        }
        guard offset + size <= end else { throw .invalid("its zip directory lies outside the file") }
        centralDirectoryOffset = offset

        var entries: [Entry] = []
        var position = offset
        for _ in 0..<count {
            guard position + 46 <= offset + size, Self.u32(bytes, position) == 0x0201_4B50 else {
                throw .invalid("its zip directory is damaged")
            }
            let nameLength = Int(Self.u16(bytes, position + 28))
            let extraLength = Int(Self.u16(bytes, position + 30))
            let commentLength = Int(Self.u16(bytes, position + 32))
            let next = position + 46 + nameLength + extraLength + commentLength
            guard next <= offset + size else { throw .invalid("its zip directory is damaged") }
            let entry = Entry(
                path: String(decoding: bytes[position + 46 ..< position + 46 + nameLength], as: UTF8.self),
                method: Self.u16(bytes, position + 10),
                flags: Self.u16(bytes, position + 8),
                crc: Self.u32(bytes, position + 16),
                compressedSize: Int(Self.u32(bytes, position + 20)),
                uncompressedSize: Int(Self.u32(bytes, position + 24)),
                localHeaderOffset: Int(Self.u32(bytes, position + 42))
            )
            guard entry.compressedSize != 0xFFFF_FFFF, entry.uncompressedSize != 0xFFFF_FFFF,
                  entry.localHeaderOffset != 0xFFFF_FFFF
            else { throw .invalid("a zip64 archive, which a workbook never needs") }
            if !entry.path.hasSuffix("/") { entries.append(entry) }
            position = next
        }
        self.entries = entries
    }

    /// The part's bytes, unpacked; `.tooLarge` as soon as they would exceed `limit`.
    func read(_ entry: Entry, limit: Int) throws(Failure) -> Data {
        let path = entry.path
        guard entry.flags & 1 == 0 else { throw .invalid("\(path) is encrypted") }
        let header = entry.localHeaderOffset
        guard header + 30 <= centralDirectoryOffset, Self.u32(bytes, header) == 0x0403_4B50 else {
            throw .invalid("\(path) has no local header where the zip directory says")
        }
        let start = header + 30 + Int(Self.u16(bytes, header + 26)) + Int(Self.u16(bytes, header + 28))
        guard start + entry.compressedSize <= centralDirectoryOffset else {
            throw .invalid("\(path) runs past the end of its data")
        }
        let data: Data
        switch entry.method {
        case 0:
            guard entry.compressedSize == entry.uncompressedSize else { throw .invalid("\(path) is damaged (its sizes differ)") }
            guard entry.compressedSize <= limit else { throw .tooLarge }
            data = Data(bytes[start ..< start + entry.compressedSize])
        case 8:
            data = try inflate(start: start, count: entry.compressedSize, limit: limit, path: path)
        default:
            throw .invalid("\(path) uses zip compression method \(entry.method)")
        }
        let crc = data.withUnsafeBytes { raw in
            UInt32(CZlibShim.crc32(0, raw.bindMemory(to: Bytef.self).baseAddress, uInt(raw.count)))
        }
        guard crc == entry.crc else { throw .invalid("\(path) is damaged (its checksum does not match)") }
        return data
    }

    /// Raw deflate over exactly `count` bytes from `start`; the stream must end within them.
    private func inflate(start: Int, count: Int, limit: Int, path: String) throws(Failure) -> Data {
        var stream = z_stream()
        guard inflateInit2_(&stream, -MAX_WBITS, ZLIB_VERSION, Int32(MemoryLayout<z_stream>.size)) == Z_OK else {
            throw .invalid("\(path) cannot be unpacked")
        }
        defer { inflateEnd(&stream) }
        let result: Result<Data, Failure> = bytes.withUnsafeBufferPointer { input in
            stream.next_in = UnsafeMutablePointer(mutating: input.baseAddress! + start)
            stream.avail_in = uInt(count)
            var output = Data()
            var chunk = [UInt8](repeating: 0, count: 64 << 10)
            while true {
                let status = chunk.withUnsafeMutableBufferPointer { buffer in
                    stream.next_out = buffer.baseAddress
                    stream.avail_out = uInt(buffer.count)
                    return CZlibShim.inflate(&stream, Z_NO_FLUSH)
                }
                let produced = chunk.count - Int(stream.avail_out)
                if output.count + produced > limit { return .failure(.tooLarge) }
                output.append(contentsOf: chunk[0 ..< produced])
                switch status {
                case Z_STREAM_END:
                    return .success(output)
                case Z_OK where produced > 0 || stream.avail_in > 0:
                    continue
                case Z_OK, Z_BUF_ERROR:
                    // No progress is possible: the input ended before the stream did.
                    return .failure(.invalid("\(path) is damaged (its compressed data ends early)"))
                default:
                    return .failure(.invalid("\(path) is damaged (its compressed data is not valid)"))
                }
            }
        }
        return try result.get()
    }

    private static func u16(_ bytes: [UInt8], _ at: Int) -> UInt16 {
        guard at >= 0, at + 2 <= bytes.count else { return 0 }
        return UInt16(bytes[at]) | UInt16(bytes[at + 1]) << 8
    }

    private static func u32(_ bytes: [UInt8], _ at: Int) -> UInt32 {
        guard at >= 0, at + 4 <= bytes.count else { return 0 }
        return UInt32(bytes[at]) | UInt32(bytes[at + 1]) << 8 | UInt32(bytes[at + 2]) << 16 | UInt32(bytes[at + 3]) << 24
    }
}
