import Foundation
import MyCandidateCache
import MyCandidateDomain

/// What the layout needs on every page: the site's identity, colours and dataset version.
struct PageChrome: Encodable, Sendable {
    var siteTitle: String
    var faviconLink: String?
    /// The stylesheet of the served dataset version, colours included.
    var stylesheetPath: String
    var homePath: String
    var organizationName: String?
    var organizationLink: String?
    var partnerName: String?
    var partnerWebsite: String?
    var datasetVersion: String?
    var publishedAt: String?

    init(snapshot: Snapshot?) {
        let site = snapshot?.site ?? SiteSettings(title: "MyCandidate")
        siteTitle = site.title.isEmpty ? "MyCandidate" : site.title
        faviconLink = Self.safeLink(site.faviconLink)
        stylesheetPath = SiteURL.asset(Stylesheet.fileName(version: snapshot?.version.id)).path
        homePath = SiteURL.home.path
        organizationName = site.organizationName.nonEmpty
        organizationLink = Self.safeLink(site.organizationLink)
        partnerName = site.partnerName.nonEmpty
        partnerWebsite = Self.safeLink(site.partnerWebsite)
        datasetVersion = snapshot.map { String($0.version.id) }
        publishedAt = snapshot?.version.publishedAt.map { $0.formatted(.iso8601.year().month().day()) }
    }

    /// Colours come from an imported workbook, so only plain colour syntax is let into the
    /// stylesheet; anything else falls back to the default rather than injecting CSS.
    static func colourProperties(_ colours: SiteColours) -> String {
        let defaults = SiteColours()
        let pairs: [(String, String, String)] = [
            ("--nav", colours.navBars, defaults.navBars),
            ("--footer", colours.footer, defaults.footer),
            ("--fg", colours.bodyForeground, defaults.bodyForeground),
            ("--bg", colours.bodyBackground, defaults.bodyBackground),
            ("--button", colours.findCandidatesButton, defaults.findCandidatesButton),
            ("--names", colours.candidateNames, defaults.candidateNames),
            ("--logo", colours.logo, defaults.logo),
        ]
        return pairs.map { "\($0.0):\(isPlainColour($0.1) ? $0.1 : $0.2)" }.joined(separator: ";")
    }

    static func isPlainColour(_ value: String) -> Bool {
        let hex = value.hasPrefix("#") && [4, 5, 7, 9].contains(value.count)
            && value.dropFirst().allSatisfy(\.isHexDigit)
        let named = !value.isEmpty && value.count <= 20 && value.allSatisfy { $0.isASCII && $0.isLetter }
        return hex || named
    }

    /// Links from site settings must be http(s) or site-relative; anything else (a
    /// `javascript:` URL, say) is dropped.
    static func safeLink(_ value: String) -> String? {
        let lower = value.lowercased()
        guard lower.hasPrefix("https://") || lower.hasPrefix("http://") || (lower.hasPrefix("/") && !lower.hasPrefix("//")) else {
            return nil
        }
        return value
    }
}

/// A page's data: the shared chrome plus the page's own typed view model.
struct Page<Content: Encodable & Sendable>: Encodable, Sendable {
    var chrome: PageChrome
    var page: Content
}

extension String {
    var nonEmpty: String? { isEmpty ? nil : self }
}
