import Mustache

/// The site's Mustache templates, compiled into the binary so the executable is the whole
/// deployable. Pages inherit ``layout`` with `{{<layout}}`.
enum Templates {
    /// Every template by the name pages render it with.
    static let sources = [
        "layout": layout, "listing": listing, "home": home, "ballot": ballot, "results": results,
        "areaBallots": areaBallots, "about": about, "parties": parties, "party": party,
        "partyList": partyList, "error": error,
        "search": search, "searchForm": searchForm, "embedCode": embedCode,
        "insights": insights, "barChart": barChart,
        "adminLayout": adminLayout, "adminLogin": adminLogin, "adminVersions": adminVersions, "adminMessage": adminMessage,
        "adminUpload": adminUpload, "adminReview": adminReview,
        "adminSettings": adminSettings, "adminSettingsField": adminSettingsField,
        "adminAudit": adminAudit,
    ]

    static func library() throws -> MustacheLibrary {
        MustacheLibrary(templates: try sources.mapValues { try MustacheTemplate(string: $0) })
    }
}
