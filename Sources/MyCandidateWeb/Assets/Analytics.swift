import Foundation
import MyCandidateDomain
import MyCandidateImport

/// Google Analytics, only for sites whose settings carry a measurement id: the one case in
/// which a page may talk to a third-party host.
enum Analytics {
    /// The hosts gtag.js loads from and reports to, for the Content-Security-Policy.
    static let scriptHost = "https://www.googletagmanager.com"
    static let connectHosts = "https://*.google-analytics.com https://*.analytics.google.com https://*.googletagmanager.com"

    /// The site's measurement id when it is one (`G-XXXXXXX` or `UA-1234-1`); anything else is
    /// ignored rather than written into a script URL.
    ///
    /// Checked on every response (the CSP depends on it), so by bytes rather than with a `Regex`,
    /// which cost a quarter of the server's CPU here.
    static func measurementID(_ site: SiteSettings?) -> String? {
        measurementID(id: site?.analyticsID)
    }

    /// ``measurementID(_:)`` for the id alone, so a caller need not copy the whole settings.
    static func measurementID(id: String?) -> String? {
        guard let id, !id.isEmpty else { return nil }
        let bytes = Array(id.utf8)
        func digits(_ part: ArraySlice<UInt8>, _ range: ClosedRange<Int>) -> Bool {
            range.contains(part.count) && part.allSatisfy { (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0) }
        }
        if bytes.starts(with: "G-".utf8) {
            let rest = bytes.dropFirst(2)
            let upperOrDigit = { (byte: UInt8) in (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(byte) || digits([byte], 1...1) }
            return (4...20).contains(rest.count) && rest.allSatisfy(upperOrDigit) ? id : nil
        }
        if bytes.starts(with: "UA-".utf8) {
            let parts = bytes.dropFirst(3).split(separator: UInt8(ascii: "-"), omittingEmptySubsequences: false)
            return parts.count == 2 && digits(parts[0], 1...12) && digits(parts[1], 1...4) ? id : nil
        }
        return nil
    }

    /// gtag's set-up, which Google documents as an inline script; served as a file so the
    /// CSP can keep forbidding inline script. The id comes from the tag's `data-id`.
    static let setup = """
        "use strict";
        (() => {
          const id = document.currentScript && document.currentScript.dataset.id;
          if (!id) return;
          window.dataLayer = window.dataLayer || [];
          window.gtag = function () { window.dataLayer.push(arguments); };
          window.gtag("js", new Date());
          window.gtag("config", id);
        })();

        """

    static let setupFile = "analytics.\(String(SourceDigest.sha256Hex(Data(setup.utf8)).prefix(16))).js"
}
