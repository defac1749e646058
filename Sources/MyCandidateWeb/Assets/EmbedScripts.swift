import Foundation
import MyCandidateImport

/// The two scripts of the embed feature, served like the stylesheet from fingerprinted URLs.
/// Both only enhance: without script the iframe keeps the height the snippet gives it, and the
/// snippet can be selected and copied by hand.
enum EmbedScripts {
    /// Runs inside the iframe: tells the partner page how tall the content is whenever it
    /// changes (a `<details>` opening, a resize), so the iframe never needs a scrollbar.
    static let resize = """
        "use strict";
        (() => {
          if (window.parent === window) return;
          let last = 0;
          const report = () => {
            // The content's own height: scrollHeight never drops below the frame's current
            // height, so a frame sized for a long page would never shrink again.
            const height = Math.ceil(document.documentElement.getBoundingClientRect().height);
            if (height === last) return;
            last = height;
            window.parent.postMessage({ type: "mycandidate:height", height }, "*");
          };
          window.addEventListener("load", report);
          window.addEventListener("resize", report);
          document.addEventListener("toggle", report, true);
          if (window.ResizeObserver) new ResizeObserver(report).observe(document.body);
        })();

        """

    /// Runs on the embed-code page: copies the snippet with one click.
    static let copy = """
        "use strict";
        (() => {
          const button = document.querySelector("[data-copy]");
          const source = button && document.getElementById(button.dataset.copy);
          const status = document.querySelector("[data-copy-status]");
          if (!button || !source || !navigator.clipboard) return;
          button.hidden = false;
          button.addEventListener("click", async () => {
            try {
              await navigator.clipboard.writeText(source.value);
              status.textContent = button.dataset.done;
            } catch {
              source.select();
            }
          });
        })();

        """

    static let resizeFile = "embed.\(fingerprint(resize)).js"
    static let copyFile = "embed-copy.\(fingerprint(copy)).js"

    static func fingerprint(_ source: String) -> String {
        String(SourceDigest.sha256Hex(Data(source.utf8)).prefix(16))
    }
}
