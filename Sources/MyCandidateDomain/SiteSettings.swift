/// The white-label settings of one site: who runs it, what it is called and how it looks.
///
/// Every field is optional text in the source workbook; empty cells arrive as empty strings
/// so templates never have to deal with `nil`.
public struct SiteSettings: Codable, Sendable, Equatable {
    public var title: String
    public var titleShort: String
    public var faviconLink: String
    public var partnerName: String
    public var partnerWebsite: String
    public var organizationName: String
    public var organizationLink: String
    /// A Google Analytics measurement id; empty when the site uses none.
    public var analyticsID: String
    public var colours: SiteColours

    public init(
        title: String,
        titleShort: String = "",
        faviconLink: String = "",
        partnerName: String = "",
        partnerWebsite: String = "",
        organizationName: String = "",
        organizationLink: String = "",
        analyticsID: String = "",
        colours: SiteColours = SiteColours()
    ) {
        self.title = title
        self.titleShort = titleShort
        self.faviconLink = faviconLink
        self.partnerName = partnerName
        self.partnerWebsite = partnerWebsite
        self.organizationName = organizationName
        self.organizationLink = organizationLink
        self.analyticsID = analyticsID
        self.colours = colours
    }
}

/// The colours a site is branded with, as CSS colour text (`#30474A`).
public struct SiteColours: Codable, Sendable, Equatable {
    public var logo: String
    public var footer: String
    public var bodyForeground: String
    public var bodyBackground: String
    public var findCandidatesButton: String
    public var candidateNames: String
    public var navBars: String

    public init(
        logo: String = "#1d3557",
        footer: String = "#1d3557",
        bodyForeground: String = "#1b1b1b",
        bodyBackground: String = "#ffffff",
        findCandidatesButton: String = "#0b6e4f",
        candidateNames: String = "#1d3557",
        navBars: String = "#1d3557"
    ) {
        self.logo = logo
        self.footer = footer
        self.bodyForeground = bodyForeground
        self.bodyBackground = bodyBackground
        self.findCandidatesButton = findCandidatesButton
        self.candidateNames = candidateNames
        self.navBars = navBars
    }
}
