import Foundation
import MyCandidateImport

/// The site settings form's live contrast check, served like the other scripts from a
/// fingerprinted URL (the CSP allows no inline script).
///
/// Without it the form still works: the server shows the same check for the values it was
/// given, and refuses a save that would make text unreadable. With it, each colour gets a
/// colour picker kept in step with its text field, and the check is worked out again on every
/// change. Pairs come from the list's `data-` attributes and the verdicts' wording from the
/// list itself, so the server's ``ColourContrast/pairs`` and ``SettingsForm/Verdict`` stay the
/// only copy of both. Only results that changed are rewritten, so the live region announces
/// those and not the whole list.
enum SettingsScript {
    static let source = """
        "use strict";
        (() => {
          const list = document.querySelector("[data-contrast]");
          if (!list) return;
          const { passes, fails, unknown } = list.dataset;
          const hex = (text) => {
            let value = text.trim().toLowerCase();
            if (value === "white") value = "#ffffff";
            if (value === "black") value = "#000000";
            if (!/^#([0-9a-f]{3}|[0-9a-f]{6})$/.test(value)) return null;
            return value.length === 4 ? "#" + [...value.slice(1)].map((c) => c + c).join("") : value;
          };
          // WCAG 2.1 relative luminance, as ColourContrast.luminance works it out on the server.
          const luminance = (text) => {
            const value = hex(text);
            if (value === null) return null;
            const number = parseInt(value.slice(1), 16);
            const channel = (shift) => {
              const c = ((number >> shift) & 0xff) / 255;
              return c <= 0.03928 ? c / 12.92 : Math.pow((c + 0.055) / 1.055, 2.4);
            };
            return 0.2126 * channel(16) + 0.7152 * channel(8) + 0.0722 * channel(0);
          };
          const colour = (item, side) => {
            const field = item.dataset[side + "Field"];
            return field ? document.getElementById(field).value : item.dataset[side + "Colour"];
          };
          const check = () => {
            for (const item of list.querySelectorAll("li")) {
              const a = luminance(colour(item, "foreground")), b = luminance(colour(item, "background"));
              let text = unknown;
              if (a !== null && b !== null) {
                const ratio = (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05);
                // Cut, not rounded, as on the server: 4.48 must not read as 4.5.
                text = (ratio >= 4.5 ? passes : fails).replace("{ratio}", (Math.floor(ratio * 10) / 10).toFixed(1) + ":1");
              }
              const result = item.querySelector("[data-result]");
              if (result.textContent !== text) result.textContent = text;
            }
          };
          for (const picker of document.querySelectorAll("input[type=color][data-picker-for]")) {
            const field = document.getElementById(picker.dataset.pickerFor);
            picker.hidden = false;
            picker.addEventListener("input", () => {
              field.value = picker.value;
              check();
            });
            field.addEventListener("input", () => {
              const value = hex(field.value);
              if (value !== null) picker.value = value;
              check();
            });
          }
          check();
        })();

        """

    static let fileName = "settings.\(String(SourceDigest.sha256Hex(Data(source.utf8)).prefix(16))).js"
}
