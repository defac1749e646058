import Foundation

/// The message catalog: every string of the site's own interface, by meaning.
///
/// A typed struct rather than a dictionary so a template or view model can only use a message
/// that exists. ``english`` is complete; other languages override what they translate (see
/// `UIText+Kiswahili.swift`) and fall back to English for the rest. Messages with `{name}`
/// placeholders are filled by ``format(_:_:)``.
struct UIText: Encodable, Sendable {
    var languageLabel = "Language"
    var skipToContent = "Skip to content"
    var home = "Home"
    var findYourCandidates = "Find your candidates"
    var nothingPublished = "No candidate list has been published yet."
    var allBallotsHeading = "Everything on your ballot papers"
    var showAllMyBallots = "Show all my ballots"
    var findCandidates = "Find candidates"
    var candidatesHeading = "Candidates"
    var independent = "Independent"
    var backToStart = "Back to the start"
    var withPartner = "with"
    /// `{level}`: an area level from the data, such as "ward".
    var yourLevel = "Your {level}"
    var chooseYourLevel = "Choose your {level}:"
    var listEveryArea = "List every area on this ballot ({count})"
    var everyBallotForVoterIn = "Every ballot for a voter in {area}"
    var everyBallotIn = "Every ballot in {area}"
    var allBallotsTitle = "{area}: all ballots"
    var moreOnThisList = "{count} more on this list"
    var listPosition = "list position {position}"
    var datasetVersion = "Candidate list version {version}."
    var datasetVersionPublished = "Candidate list version {version}, published {date}."
    var partiesOne = "{count} party"
    var partiesOther = "{count} parties"
    var candidatesOne = "{count} candidate"
    var candidatesOther = "{count} candidates"
    var ballotsOne = "{count} ballot"
    var ballotsOther = "{count} ballots"
    var partiesTitle = "Parties"
    var partyStandsIn = "Where {party} stands"
    var ballotHeader = "Ballot"
    var areaHeader = "Area"
    var candidatesHeader = "Candidates"
    var partyHeader = "Party"
    var seeWholeList = "See the whole list ({count} names)"
    var wholeListTitle = "{party} in {area}"
    var backToAllParties = "All parties on the {ballot} ballot in {area}"
    var insightsTitle = "Insights"
    /// `{candidates}`: a count such as "6 candidates".
    var insightsIntro = "How the {candidates} on the ballots are spread by ballot, party, gender and age."
    var insightsNote = "Someone standing on more than one ballot is counted once on each. Gender and age are as given in the source files."
    var byBallotHeading = "Candidates by ballot"
    var byPartyHeading = "Candidates by party"
    var byGenderHeading = "Candidates by gender"
    var byAgeHeading = "Candidates by age"
    var genderHeader = "Gender"
    var ageHeader = "Age"
    var shareHeader = "Share"
    var otherParties = "Other parties"
    var genderMale = "Male"
    var genderFemale = "Female"
    var notGiven = "Not given"
    var ageUnder18 = "Under 18"
    /// A chart's summary for screen readers: `{candidates}` is a count such as "3 candidates",
    /// `{percent}` a share such as "50.0%".
    var chartLargest = "Largest: {label}, {candidates} ({percent})"
    var searchHeading = "Find your area"
    var searchLabel = "Area name or code"
    var searchButton = "Search"
    var searchHint = "Type part of your area’s name, or its code."
    var suggestionsLabel = "Suggestions"
    /// Read out by the typeahead's live region; `{count}` is filled in the browser.
    var suggestionsNone = "No matching areas"
    var suggestionsOne = "{count} suggestion"
    var suggestionsOther = "{count} suggestions"
    var searchResultsTitle = "Areas matching “{query}”"
    var resultsOne = "{count} area matches “{query}”."
    var resultsOther = "{count} areas match “{query}”."
    var resultsFirst = "The first {count} areas matching “{query}”; type more to narrow them down."
    var noResults = "No area matches “{query}”. Try fewer letters, another spelling or the area’s code."
    var queryTooLong = "Type at most {max} characters to search."
    var embedThisSite = "Put this candidate search on your website"
    var embedCodeIntro = "Partner sites may show the area picker and results in a frame. Paste this code where the search should appear; with script allowed, the frame grows to fit its content."
    var embedCodeLabel = "Code to paste"
    var copyCode = "Copy the code"
    var codeCopied = "Copied."
    var embedFrameTitle = "Find your candidates: {site}"
    var aboutThisData = "About this data"
    var aboutIntro = "This site shows candidate list version {version}."
    var publishedOn = "Published {date}."
    var notYetPublished = "Not published yet."
    var importedOn = "Imported {date}."
    var sourceFiles = "Source files"
    var fileHeader = "File"
    var sha256Header = "SHA-256"
    var countsHeading = "What it holds"
    var pageNotFound = "Page not found"
    var badRequest = "That request could not be answered"
    var pageDoesNotExist = "The page you asked for does not exist."
    var somethingWentWrong = "Something went wrong"
    var tryAgain = "Please try again in a moment."
    var noSuchArea = "There is no area “{area}”."
    var noSuchAreaOnBallot = "There is no area “{area}” on the {ballot} ballot."
    var noSuchBallot = "There is no ballot “{ballot}”."
    var noSuchFile = "There is no file “{file}”."
    var noSuchParty = "There is no party “{party}”."
    var noSuchPartyList = "{party} has no list in “{area}”."
    var areaMissing = "Choose an area: the area parameter is missing."

    static let english = UIText()

    /// Fills `{name}` placeholders; a brace that names no value stays as it is. One pass over
    /// the message, so a value that itself holds `{name}` (a visitor's query) is never filled in.
    func format(_ message: KeyPath<UIText, String>, _ values: [String: String]) -> String {
        let text = self[keyPath: message]
        var result = ""
        var rest = text[...]
        while let open = rest.firstIndex(of: "{") {
            result += rest[..<open]
            let afterOpen = rest.index(after: open)
            guard let close = rest[afterOpen...].firstIndex(of: "}"), let value = values[String(rest[afterOpen..<close])] else {
                result += "{"
                rest = rest[afterOpen...]
                continue
            }
            result += value
            rest = rest[rest.index(after: close)...]
        }
        return result + rest
    }

    /// This catalog with `translations` in place of its messages; every message not listed
    /// stays as it is, which is how a language falls back to English.
    func overriding(_ translations: [(WritableKeyPath<UIText, String>, String)]) -> UIText {
        var text = self
        for (message, translation) in translations { text[keyPath: message] = translation }
        return text
    }

    /// A count with the singular or plural message (`1 party`, `2 parties`).
    func count(_ n: Int, one: KeyPath<UIText, String>, other: KeyPath<UIText, String>) -> String {
        format(n == 1 ? one : other, ["count": String(n)])
    }
}
