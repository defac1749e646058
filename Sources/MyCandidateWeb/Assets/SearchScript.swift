import Foundation
import MyCandidateImport

/// The area search's typeahead: the only script on the site, served like the stylesheet from a
/// fingerprinted URL so it may be cached for a year.
///
/// It only enhances the `searchForm` partial, which works without it: the form still submits
/// to `/search`. Under the site's Content-Security-Policy (`script-src 'self'`) it is loaded
/// from its own URL, adds its handlers with `addEventListener` and builds options with
/// `textContent`, so area names from the data can never become markup. The suggestion URL and
/// the status messages (in the visitor's language) come from the form's `data-` attributes.
///
/// The input becomes an ARIA 1.2 combobox (list autocomplete, `aria-activedescendant` focus):
/// typing fetches suggestions after a short pause, the arrow keys move through them, Enter
/// opens the chosen area, Escape closes the list, and Enter with nothing chosen submits the
/// form as usual.
enum SearchScript {
    static let source = """
        "use strict";
        (() => {
          const form = document.querySelector("form[data-suggest]");
          if (!form || !window.fetch) return;
          const input = form.elements.q, list = form.querySelector("[role=listbox]"), status = form.querySelector("[role=status]");
          const set = (element, attributes) => Object.entries(attributes).forEach(([name, value]) => element.setAttribute(name, value));
          let results = [], active = -1, timer = 0, request = null;
          set(input, { role: "combobox", "aria-autocomplete": "list", "aria-controls": list.id, "aria-expanded": false });

          const highlight = (index) => {
            active = index;
            [...list.children].forEach((option, i) => set(option, { "aria-selected": i === index }));
            if (index < 0) return input.removeAttribute("aria-activedescendant");
            set(input, { "aria-activedescendant": list.children[index].id });
            list.children[index].scrollIntoView({ block: "nearest" });
          };

          const show = (items) => {
            results = items;
            list.replaceChildren(...items.map((item, i) => {
              const option = document.createElement("li"), context = document.createElement("span");
              set(option, { id: list.id + "-" + i, role: "option" });
              context.className = "muted";
              context.textContent = item.context ? " · " + item.context : "";
              option.append(item.name, context);
              // Keep the focus in the input, so the list is still open when the click lands.
              option.addEventListener("mousedown", (event) => event.preventDefault());
              option.addEventListener("click", () => location.assign(item.url));
              return option;
            }));
            list.hidden = !items.length;
            set(input, { "aria-expanded": !!items.length });
            highlight(-1);
          };

          const close = () => {
            clearTimeout(timer);
            request?.abort();
            show([]);
            // A closed list has nothing to announce; a stale "3 suggestions" would mislead.
            status.textContent = "";
          };

          const suggest = () => {
            // The list stays up while the next answer is on its way; only a stale answer is dropped.
            request?.abort();
            if (!input.value.trim()) {
              status.textContent = "";
              return close();
            }
            request = new AbortController();
            // The whole form, so a hidden language field keeps the links in the page's language.
            fetch(form.dataset.suggest + "?" + new URLSearchParams(new FormData(form)), { signal: request.signal })
              .then((response) => response.ok ? response.json() : { results: [] })
              .then(({ results }) => {
                show(results);
                const { none, one, other } = form.dataset, count = results.length;
                status.textContent = (count ? count === 1 ? one : other : none).replace("{count}", count);
              })
              .catch(() => {});
          };

          input.addEventListener("input", () => {
            clearTimeout(timer);
            timer = setTimeout(suggest, 150);
          });
          input.addEventListener("blur", close);
          input.addEventListener("keydown", (event) => {
            const count = results.length, key = event.key;
            // As in the ARIA combobox pattern, ArrowDown reopens a closed list.
            if (key === "ArrowDown" && !count && input.value.trim()) {
              event.preventDefault();
              return suggest();
            }
            if (!count || !["ArrowDown", "ArrowUp", "Escape"].includes(key) && !(key === "Enter" && active >= 0)) return;
            event.preventDefault();
            if (key === "ArrowDown") highlight((active + 1) % count);
            else if (key === "ArrowUp") highlight((active < 1 ? count : active) - 1);
            else if (key === "Enter") location.assign(results[active].url);
            else close();
          });
        })();

        """

    /// The first 16 hex digits of the script's SHA-256.
    static let fingerprint = String(SourceDigest.sha256Hex(Data(source.utf8)).prefix(16))

    /// The script's file name under `/static/`: a changed script gets a new name.
    static let fileName = "search.\(fingerprint).js"

    /// Where pages load the script from.
    static var path: String { SiteURL.asset(fileName).path }
}
