import Foundation

/// Zip archives written byte by byte, for what ZIPFoundation will not write: a deflated part of
/// any size made without compressing anything, and sizes that lie.
public enum HostileZip {
    /// A raw deflate stream of `blocks` × about 8 MB of `byte` (0 to 143), and its inflated size.
    ///
    /// Each block is a fixed-Huffman block of one literal and 32,006 copies of "258 bytes
    /// from 1 back", 13 bits each: 8,257,549 bytes from 52,012. That count of copies makes the
    /// block a whole number of bytes, so it can be repeated as it is.
    public static func deflateBomb(blocks: Int, of byte: UInt8 = 0) -> (data: Data, size: Int) {
        precondition(byte <= 143, "fixed Huffman codes of 8 bits cover literals 0 to 143")
        var writer = BitWriter()
        let copies = 8 * 4000 + 6
        writer.write(0, bits: 1)  // not the final block
        writer.write(1, bits: 2)  // fixed Huffman codes
        writer.code(0x30 + UInt32(byte), bits: 8)  // the literal
        for _ in 0..<copies {
            writer.code(0b1100_0101, bits: 8)  // length 258 (symbol 285)
            writer.code(0, bits: 5)  // distance 1
        }
        writer.code(0, bits: 7)  // end of block
        precondition(writer.pending == 0)
        let block = Data(writer.bytes)
        var data = Data(capacity: block.count * blocks + 2)
        for _ in 0..<blocks { data.append(block) }
        // A final, empty fixed-Huffman block.
        data.append(contentsOf: [0x03, 0x00])
        return (data, blocks * (1 + copies * 258))
    }

    /// The worksheet part of ``workbook(sheet:sheetCount:)``: deflated bytes and what the zip
    /// says about them.
    public struct Sheet: Sendable {
        public var deflated: Data
        public var declaredSize: UInt32
        /// Left wrong by default: a reader that got to the end would have inflated it all.
        public var crc: UInt32

        public init(deflated: Data, declaredSize: UInt32, crc: UInt32 = 0) {
            self.deflated = deflated
            self.declaredSize = declaredSize
            self.crc = crc
        }
    }

    /// A workbook whose `sheetCount` sheets all point at one worksheet part, `sheet`; the
    /// other parts, and `extraParts` after them, are stored as they are.
    public static func workbook(sheet: Sheet, sheetCount: Int = 1, extraParts: [Part] = []) -> Data {
        let sheets = (1...sheetCount).map { #"<sheet name="s\#($0)" sheetId="\#($0)" r:id="rId1"/>"# }.joined()
        let parts: [(String, String)] = [
            ("_rels/.rels", #"<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>"#),
            ("xl/workbook.xml", #"<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets>\#(sheets)</sheets></workbook>"#),
            ("xl/_rels/workbook.xml.rels", #"<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>"#),
        ]
        var entries = parts.map { name, text in
            let data = Data(text.utf8)
            return Part(name: name, method: 0, data: data, crc: crc32(data), size: UInt32(data.count))
        }
        entries.append(Part(name: "xl/worksheets/sheet1.xml", method: 8, data: sheet.deflated, crc: sheet.crc, size: sheet.declaredSize))
        entries += extraParts
        return zip(entries)
    }

    public struct Part: Sendable {
        public var name: String
        /// 0 stored, 8 deflated.
        public var method: UInt16
        public var data: Data
        public var crc: UInt32
        public var size: UInt32
        /// Where the central directory says the part's local header is, if not where it is.
        public var claimedOffset: UInt32?

        public init(name: String, method: UInt16, data: Data, crc: UInt32, size: UInt32, claimedOffset: UInt32? = nil) {
            self.name = name
            self.method = method
            self.data = data
            self.crc = crc
            self.size = size
            self.claimedOffset = claimedOffset
        }
    }

    /// CRC-32 as zip uses it (IEEE, reflected); bit by bit, so for small parts only.
    public static func crc32(_ data: Data) -> UInt32 {
        var crc: UInt32 = 0xFFFF_FFFF
        func add(_ byte: UInt8) {
            crc ^= UInt32(byte)
            for _ in 0..<8 { crc = crc & 1 == 1 ? (crc >> 1) ^ 0xEDB8_8320 : crc >> 1 }
        }
        for byte in data { add(byte) }
        return crc ^ 0xFFFF_FFFF
    }

    /// The parts as a zip archive, each with a local header, then the central directory.
    public static func zip(_ entries: [Part]) -> Data {
        var out = Data()
        var central = Data()
        func u16(_ value: UInt16, _ data: inout Data) { withUnsafeBytes(of: value.littleEndian) { data.append(contentsOf: $0) } }
        func u32(_ value: UInt32, _ data: inout Data) { withUnsafeBytes(of: value.littleEndian) { data.append(contentsOf: $0) } }
        for entry in entries {
            let offset = UInt32(out.count)
            let name = Data(entry.name.utf8)
            u32(0x0403_4B50, &out); u16(20, &out); u16(0, &out); u16(entry.method, &out); u16(0, &out); u16(0x21, &out)
            u32(entry.crc, &out); u32(UInt32(entry.data.count), &out); u32(entry.size, &out)
            u16(UInt16(name.count), &out); u16(0, &out); out.append(name); out.append(entry.data)

            u32(0x0201_4B50, &central); u16(20, &central); u16(20, &central); u16(0, &central); u16(entry.method, &central)
            u16(0, &central); u16(0x21, &central); u32(entry.crc, &central); u32(UInt32(entry.data.count), &central)
            u32(entry.size, &central); u16(UInt16(name.count), &central); u16(0, &central); u16(0, &central)
            u16(0, &central); u16(0, &central); u32(0, &central); u32(entry.claimedOffset ?? offset, &central); central.append(name)
        }
        let centralOffset = UInt32(out.count)
        out.append(central)
        u32(0x0605_4B50, &out); u16(0, &out); u16(0, &out); u16(UInt16(entries.count), &out); u16(UInt16(entries.count), &out)
        u32(UInt32(central.count), &out); u32(centralOffset, &out); u16(0, &out)
        return out
    }

    /// This process's peak resident memory so far, in bytes (`VmHWM`); 0 where there is no
    /// `/proc`, which makes the memory checks pass trivially there.
    public static func peakMemory() -> Int {
        guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8),
              let line = status.split(separator: "\n").first(where: { $0.hasPrefix("VmHWM:") }) else { return 0 }
        return (Int(line.split(separator: " ").dropFirst().first ?? "") ?? 0) * 1024
    }

    /// Bits in deflate's order: values least significant bit first, Huffman codes most
    /// significant bit first.
    struct BitWriter {
        var bytes: [UInt8] = []
        private var accumulator: UInt64 = 0
        private(set) var pending = 0

        mutating func write(_ value: UInt32, bits: Int) {
            accumulator |= UInt64(value) << UInt64(pending)
            pending += bits
            while pending >= 8 {
                bytes.append(UInt8(truncatingIfNeeded: accumulator))
                accumulator >>= 8
                pending -= 8
            }
        }

        mutating func code(_ code: UInt32, bits: Int) {
            var reversed: UInt32 = 0
            for bit in 0..<bits where code & (1 << bit) != 0 { reversed |= 1 << (bits - 1 - bit) }
            write(reversed, bits: bits)
        }
    }
}
