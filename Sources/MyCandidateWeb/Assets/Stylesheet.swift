import Foundation
import MyCandidateDomain
import MyCandidateImport

/// The site's stylesheet, served from a fingerprinted URL so browsers and the CDN may keep it
/// for a year: a changed stylesheet gets a new URL.
enum Stylesheet {
    /// The rules; colours are custom properties that ``text(for:)`` sets from the site settings.
    static let css = """
        body{margin:0;font:16px/1.5 system-ui,sans-serif;color:var(--fg);background:var(--bg)}
        header,footer{padding:.75rem max(1rem,calc((100% - 48rem)/2));color:#fff}
        header{background:var(--nav)}footer{background:var(--footer);margin-top:2rem;font-size:.9rem}
        header a,footer a{color:#fff}
        main{max-width:48rem;margin:0 auto;padding:0 1rem}
        .candidate{color:var(--names);font-weight:600}
        button{background:var(--button);color:#fff;border:0;padding:.5rem 1rem;border-radius:.25rem;font:inherit}
        label{display:block;margin:.5rem 0 .25rem}
        select{font:inherit;max-width:100%;min-height:2.75rem;padding:.25rem}
        summary{cursor:pointer;padding:.5rem 0}
        ol.parties,ul.candidates{padding-left:0;list-style:none}
        ol.parties>li,ul.candidates>li{border-bottom:1px solid #ddd;padding:.5rem 0}
        .muted{color:#555;font-size:.9rem}
        .skip{position:absolute;left:-999px}.skip:focus{left:1rem;top:.5rem;background:#fff;color:#000;padding:.5rem}
        .area-search-box{position:relative;max-width:30rem}
        .area-search input[type=search]{box-sizing:border-box;width:100%;min-height:2.75rem;padding:.25rem .5rem;font:inherit}
        .area-search button{margin-top:.5rem}
        .area-search [role=listbox]{position:absolute;z-index:1;left:0;right:0;margin:0;padding:0;list-style:none;background:#fff;color:#1b1b1b;border:1px solid #555;box-shadow:0 4px 8px rgba(0,0,0,.2)}
        .area-search [role=option]{padding:.625rem .5rem;cursor:pointer}
        .area-search [role=option]:hover{background:#eee}
        .area-search [role=option][aria-selected=true]{background:#1b1b1b;color:#fff}
        .area-search [aria-selected=true] .muted{color:inherit}
        .visually-hidden{position:absolute;width:1px;height:1px;overflow:hidden;clip-path:inset(50%);white-space:nowrap}
        ul.search-results{padding-left:0;list-style:none}
        ul.search-results>li{border-bottom:1px solid #ddd;padding:.5rem 0}
        .chart{display:block;width:100%;max-width:26rem;height:auto;margin:.5rem 0 1rem}
        .chart text{font-size:14px;fill:var(--fg)}
        .chart .bar{fill:var(--button)}
        td.number{text-align:right;font-variant-numeric:tabular-nums}
        .insight th,.insight td{text-align:left;padding:.125rem 1rem .125rem 0}
        .insight th[scope=row]{font-weight:400}
        .insight th[scope=col]+th,.insight td.number{text-align:right}
        :focus-visible{outline:3px solid #000;outline-offset:2px;box-shadow:0 0 0 5px #fff}
        header :focus-visible,footer :focus-visible{outline-color:#fff;box-shadow:0 0 0 5px #000}

        """

    /// The first 16 hex digits of the base stylesheet's SHA-256.
    static let fingerprint = String(SourceDigest.sha256Hex(Data(css.utf8)).prefix(16))

    /// The stylesheet's file name for a dataset version: the base CSS's fingerprint plus the
    /// version, whose colours it carries. Both parts are immutable, so the file may be cached
    /// for a year and a new deployment or a new dataset version gets a new name.
    static func fileName(version: Int?) -> String {
        "site.\(fingerprint).v\(version ?? 0).css"
    }

    /// The whole stylesheet: the site's colours as custom properties, then the base rules.
    static func text(for site: SiteSettings) -> String {
        ":root{" + PageChrome.colourProperties(site.colours) + "}\n" + css
    }
}
