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

    struct LanguageLink: Encodable, Sendable {
        var name: String
        var code: String
        var path: String
        var isCurrent: Bool
    }

    var language: String
    /// Forms carry the language along as a hidden field when it is not the default.
    var formLanguage: String?
    /// Forms in an embed send `embed=1` so the picker answers with an embed page.
    var formEmbed: Bool
    var skipTarget = "#content"
    var languages: [LanguageLink]
    var versionLine: String?
    var aboutPath: String
    /// Set only when the site settings turn analytics on.
    var analyticsID: String?
    var analyticsScriptPath: String
    var analyticsLoaderURL: String?
    /// Embed pages drop the header and footer navigation and report their height to the parent.
    var embedded: Bool
    var embedScriptPath: String?
    /// On embed pages: the same page on the full site.
    var fullSitePath: String?
    var embedCodePath: String
    var partiesPath: String
    /// The header's link to the charts of candidates by ballot, party, gender and age.
    var insightsPath: String

    init(_ request: PageRequest) {
        let snapshot = request.snapshot
        let site = snapshot?.site ?? SiteSettings(title: "MyCandidate")
        siteTitle = site.title.isEmpty ? "MyCandidate" : site.title
        faviconLink = Self.safeLink(site.faviconLink)
        stylesheetPath = SiteURL.asset(Stylesheet.fileName(version: snapshot?.version.id)).path
        homePath = request.link(.home)
        organizationName = site.organizationName.nonEmpty
        organizationLink = Self.safeLink(site.organizationLink)
        partnerName = site.partnerName.nonEmpty
        partnerWebsite = Self.safeLink(site.partnerWebsite)
        language = request.language.rawValue
        formLanguage = request.language == .fallback ? nil : request.language.rawValue
        formEmbed = request.embedded
        languages = Language.allCases.map {
            LanguageLink(name: $0.endonym, code: $0.rawValue, path: request.switching(to: $0), isCurrent: $0 == request.language)
        }
        aboutPath = request.link(.about)
        analyticsID = Analytics.measurementID(snapshot?.site)
        analyticsScriptPath = SiteURL.asset(Analytics.setupFile).path
        analyticsLoaderURL = analyticsID.map { Analytics.scriptHost + "/gtag/js?id=" + $0 }
        embedded = request.embedded
        embedScriptPath = request.embedded ? SiteURL.asset(EmbedScripts.resizeFile).path : nil
        fullSitePath = request.embedded ? request.fullSite.link(.home) : nil
        embedCodePath = request.link(.embedCode)
        partiesPath = request.link(.parties)
        insightsPath = request.link(.insights)
        versionLine = snapshot.map { snapshot in
            let version = String(snapshot.version.id)
            guard let published = snapshot.version.publishedAt else {
                return request.text.format(\.datasetVersion, ["version": version])
            }
            return request.text.format(\.datasetVersionPublished, [
                "version": version, "date": published.formatted(.iso8601.year().month().day()),
            ])
        }
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
        return pairs.map { "\($0.0):\(CSSColour.isValid($0.1) ? $0.1 : $0.2)" }.joined(separator: ";")
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

/// A page's data: the shared chrome, the page's own typed view model and the message catalog
/// in the visitor's language (`{{t.home}}`).
struct Page<Content: Encodable & Sendable>: Encodable, Sendable {
    var chrome: PageChrome
    var page: Content
    var t: PageText
}

extension String {
    var nonEmpty: String? { isEmpty ? nil : self }
}
