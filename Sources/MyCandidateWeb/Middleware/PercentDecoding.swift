import Foundation

extension String {
    /// The string percent-decoded, or `nil` when its encoding is broken or decodes to bytes that
    /// are not UTF-8. Foundation's decoding costs several percent of a cached page's CPU even
    /// with nothing to decode, so a string without `%` (nearly every slug and query) is returned
    /// as it is: a Swift string is valid UTF-8 already.
    var percentDecoded: String? {
        utf8.contains(UInt8(ascii: "%")) ? removingPercentEncoding : self
    }
}
