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
    static func measurementID(_ site: SiteSettings?) -> String? {
        guard let id = site?.analyticsID, id.wholeMatch(of: /G-[A-Z0-9]{4,20}|UA-\d{1,12}-\d{1,4}/) != nil else { return nil }
        return id
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
