import Crypto
import Foundation
import MyCandidateDomain

/// Content hashes that identify the files a dataset was imported from.
public enum SourceDigest {
    /// The SHA-256 of `data` as 64 lower-case hex digits.
    public static func sha256Hex(_ data: Data) -> String {
        let digits = Array("0123456789abcdef".utf8)
        var hex: [UInt8] = []
        hex.reserveCapacity(64)
        for byte in SHA256.hash(data: data) {
            hex.append(digits[Int(byte >> 4)])
            hex.append(digits[Int(byte & 0x0F)])
        }
        return String(decoding: hex, as: UTF8.self)
    }

    /// The ``SourceFile`` record of a file named `name` holding `data`.
    public static func sourceFile(name: String, data: Data) -> SourceFile {
        SourceFile(file: name, sha256: sha256Hex(data))
    }
}
