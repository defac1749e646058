import Foundation
import MyCandidateDomain

/// What a seed workbook describes: the site's settings and its ballots, with each ballot's CSV
/// files read from the workbook's folder.
///
/// The workbook has a sheet named `site_settings` with a header row and one data row. Its
/// `data_schemas` cell is JSON mapping each ballot key, in display order, to its files and
/// columns (see ``WorkbookBallotSchema``); `<ballot>_explainer` columns hold each ballot's
/// explainer text. Cells are cleaned of stray line breaks and surrounding spaces.
public struct SeedWorkbook: Sendable {
    /// The cleaned settings; colours that are not CSS colours fall back to the defaults.
    public var site: SiteSettings
    /// Ballots in the order `data_schemas` lists them.
    public var ballots: [BallotSource]
    /// Things ignored or repaired on the way, each prefixed with where it was found.
    public var warnings: [String]

    /// The sheet holding the settings.
    public static let sheetName = "site_settings"

    /// Reads the workbook at `url` and the ballot files next to it.
    public init(contentsOf url: URL) throws {
        let reader = try XLSXReader(contentsOf: url)
        try self.init(reader: reader, folder: url.deletingLastPathComponent())
    }

    /// Interprets an opened workbook, reading ballot files relative to `folder`.
    public init(reader: XLSXReader, folder: URL) throws {
        let file = reader.name
        guard let sheet = reader.sheetNames.first(where: { $0 == Self.sheetName })
            ?? reader.sheetNames.first(where: { WorkbookCleaning.text($0).lowercased() == Self.sheetName })
        else {
            let known = reader.sheetNames.map { "\"\($0)\"" }.joined(separator: ", ")
            throw ImportError(file: file, reason: "no sheet named \"\(Self.sheetName)\" (sheets: \(known))")
        }
        let rows = try reader.rows(inSheet: sheet)
        let filled = rows.indices.filter { rows[$0].contains { !WorkbookCleaning.text($0).isEmpty } }
        guard let headerIndex = filled.first else {
            throw ImportError(file: file, reason: "the \(Self.sheetName) sheet is empty")
        }
        guard filled.count > 1 else {
            throw ImportError(file: file, row: headerIndex + 1, reason: "the \(Self.sheetName) sheet has a header row but no data row")
        }
        let dataIndex = filled[1]
        var sheetData = SettingsRow(file: file, header: rows[headerIndex], headerRow: headerIndex + 1, values: rows[dataIndex], row: dataIndex + 1)
        for extra in filled.dropFirst(2) {
            sheetData.warn(row: extra + 1, "only the first data row of \(Self.sheetName) is used; this row is ignored")
        }

        site = sheetData.siteSettings()
        let schemas = try sheetData.ballotSchemas()
        var ballots = try schemas.map { schema in
            let files = try schema.files.map { name in
                try sheetData.loadBallotFile(name, ballot: schema.key, folder: folder)
            }
            return BallotSource(
                key: schema.key,
                title: schema.title,
                kind: schema.kind,
                level: schema.level,
                areaColumn: schema.areaColumn,
                areaNameColumn: schema.areaNameColumn,
                columns: schema.columns,
                partyOrder: schema.partyOrder,
                files: files
            )
        }
        for (index, ballot) in ballots.enumerated() {
            ballots[index].explainer = sheetData.explainers[ballot.key.lowercased()]?.text ?? ""
        }
        sheetData.warnAboutUnusedColumns(ballotKeys: Set(ballots.map { $0.key.lowercased() }))
        self.ballots = ballots
        self.warnings = sheetData.warnings
    }
}

/// The header and data row of the `site_settings` sheet, and the warnings raised reading them.
private struct SettingsRow {
    let file: String
    let headerRow: Int
    let row: Int
    /// Cleaned, lower-cased header → 0-based column index; the first of duplicates wins.
    private(set) var columns: [String: Int] = [:]
    private let values: [String]
    /// Ballot key (lower-cased) → explainer text and its column, from `<ballot>_explainer`.
    private(set) var explainers: [String: (text: String, column: Int)] = [:]
    private(set) var warnings: [String] = []
    private var used: Set<String> = []

    static let siteColumns = [
        "title", "title_short", "favicon_link", "data_schemas", "partner_name", "partner_website",
        "google_analytics_key", "gtag_script", "organization_name", "organization_link",
        "logo_colour", "footer_colour", "body_foreground_colour", "body_background_colour",
        "find_candidates_button", "candidate_names_colour", "nav_bars_colour",
    ]

    init(file: String, header: [String], headerRow: Int, values: [String], row: Int) {
        self.file = file
        self.headerRow = headerRow
        self.values = values
        self.row = row
        for (index, title) in header.enumerated() {
            let name = WorkbookCleaning.text(title).lowercased()
            guard !name.isEmpty else { continue }
            if columns[name] != nil {
                warn(row: headerRow, column: index, "column \"\(name)\" appears twice; the first one is used")
                continue
            }
            columns[name] = index
            if name.hasSuffix("_explainer") {
                let key = String(name.dropLast("_explainer".count))
                explainers[key] = (WorkbookCleaning.text(raw(at: index)), index)
            }
        }
    }

    private func raw(at index: Int) -> String {
        values.indices.contains(index) ? values[index] : ""
    }

    mutating func warn(row: Int? = nil, column: Int? = nil, _ message: String) {
        warnings.append(ImportError(file: file, row: row ?? self.row, column: column.map { $0 + 1 }, reason: message).description)
    }

    /// The raw text under `name`, or `nil` when there is no such column.
    private mutating func rawValue(_ name: String) -> (text: String, column: Int)? {
        used.insert(name)
        return columns[name].map { (raw(at: $0), $0) }
    }

    private mutating func text(_ name: String) -> String {
        rawValue(name).map { WorkbookCleaning.text($0.text) } ?? ""
    }

    private mutating func colour(_ name: String, default fallback: String) -> String {
        guard let (raw, column) = rawValue(name) else { return fallback }
        let (colour, hadLineBreak) = WorkbookCleaning.colour(raw)
        if colour.isEmpty { return fallback }
        guard CSSColour.isValid(colour) else {
            warn(column: column, "\(name) \(Self.quote(raw)) is not a CSS colour; using the default \(fallback)")
            return fallback
        }
        if hadLineBreak {
            warn(column: column, "\(name) \(Self.quote(raw)) had a stray line break; using \"\(colour)\"")
        }
        return colour
    }

    mutating func siteSettings() -> SiteSettings {
        let defaults = SiteColours()
        let colours = SiteColours(
            logo: colour("logo_colour", default: defaults.logo),
            footer: colour("footer_colour", default: defaults.footer),
            bodyForeground: colour("body_foreground_colour", default: defaults.bodyForeground),
            bodyBackground: colour("body_background_colour", default: defaults.bodyBackground),
            findCandidatesButton: colour("find_candidates_button", default: defaults.findCandidatesButton),
            candidateNames: colour("candidate_names_colour", default: defaults.candidateNames),
            navBars: colour("nav_bars_colour", default: defaults.navBars)
        )
        for problem in ColourContrast.problems(in: colours) { warn(column: nil, problem) }
        let title = text("title")
        if title.isEmpty { warn(column: columns["title"], "the site has no title") }
        return SiteSettings(
            title: title,
            titleShort: text("title_short"),
            faviconLink: text("favicon_link"),
            partnerName: text("partner_name"),
            partnerWebsite: text("partner_website"),
            organizationName: text("organization_name"),
            organizationLink: text("organization_link"),
            analyticsID: analyticsID(),
            colours: colours
        )
    }

    /// The analytics id from `google_analytics_key`, else one found in `gTag_script`. The
    /// script itself is never kept: the site does not inject third-party script.
    private mutating func analyticsID() -> String {
        let key = text("google_analytics_key")
        let script = text("gtag_script")
        if WorkbookCleaning.isAnalyticsID(key) { return key }
        if !key.isEmpty {
            if let id = WorkbookCleaning.analyticsID(in: key) {
                warn(column: columns["google_analytics_key"], "google_analytics_key holds more than an id; using \(id)")
                return id
            }
            warn(column: columns["google_analytics_key"], "google_analytics_key \(Self.quote(key)) is not a Google Analytics id (G-… or UA-…); analytics is off")
            return ""
        }
        guard !script.isEmpty else { return "" }
        if let id = WorkbookCleaning.analyticsID(in: script) {
            warn(column: columns["gtag_script"], "gTag_script is not used as it is; took the analytics id \(id) from it")
            return id
        }
        warn(column: columns["gtag_script"], "gTag_script is ignored: no analytics id (G-… or UA-…) found in it")
        return ""
    }

    mutating func ballotSchemas() throws -> [WorkbookBallotSchema] {
        guard let (raw, column) = rawValue("data_schemas") else {
            throw ImportError(file: file, row: headerRow, reason: "the \(SeedWorkbook.sheetName) sheet has no data_schemas column")
        }
        func failure(_ reason: String) -> ImportError {
            ImportError(file: file, row: row, column: column + 1, reason: reason)
        }
        guard !raw.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else {
            throw failure("data_schemas is empty; it must list the ballots as JSON")
        }
        let json: JSONValue
        do {
            json = try WorkbookJSON.parse(raw)
        } catch {
            throw failure("data_schemas is not valid JSON: \(error.description)")
        }
        guard case .object(let entries) = json else {
            throw failure("data_schemas must be a JSON object mapping ballot keys to their files, found \(json.kindDescription)")
        }
        guard !entries.isEmpty else { throw failure("data_schemas lists no ballots") }
        var schemas: [WorkbookBallotSchema] = []
        var seen: Set<String> = []
        for entry in entries {
            let schema: WorkbookBallotSchema
            do {
                schema = try WorkbookBallotSchema(key: entry.key, value: entry.value)
            } catch {
                throw failure(error.reason)
            }
            guard seen.insert(schema.key.lowercased()).inserted else {
                throw failure("ballot \"\(schema.key)\" is listed twice")
            }
            for warning in schema.warnings { warn(column: column, warning) }
            schemas.append(schema)
        }
        return schemas
    }

    func loadBallotFile(_ name: String, ballot: String, folder: URL) throws -> SourceInput {
        let column = columns["data_schemas"].map { $0 + 1 }
        // Ballot files sit next to the workbook: a name with a folder in it (`../../etc/passwd`,
        // `/etc/passwd`) would read any file the process can, uploaded workbooks included.
        guard !name.contains("/"), !name.contains("\\"), name != ".", name != ".." else {
            throw ImportError(file: file, row: row, column: column, reason: "ballot \"\(ballot)\": file \"\(name)\" must be a file name next to the workbook, without folders")
        }
        let url = folder.appendingPathComponent(name)
        guard FileManager.default.fileExists(atPath: url.path) else {
            throw ImportError(file: file, row: row, column: column, reason: "ballot \"\(ballot)\": file \"\(name)\" not found next to the workbook")
        }
        do {
            return SourceInput(name: name, data: try Data(contentsOf: url))
        } catch {
            throw ImportError(file: file, row: row, column: column, reason: "ballot \"\(ballot)\": file \"\(name)\" cannot be read (\(XLSXReader.describe(error)))")
        }
    }

    mutating func warnAboutUnusedColumns(ballotKeys: Set<String>) {
        for (key, explainer) in explainers.sorted(by: { $0.value.column < $1.value.column }) where !ballotKeys.contains(key) {
            warn(column: explainer.column, "\(key)_explainer is for a ballot that data_schemas does not list; it is ignored")
        }
        for (name, index) in columns.sorted(by: { $0.value < $1.value })
        where !used.contains(name) && !Self.siteColumns.contains(name) && !name.hasSuffix("_explainer") {
            warn(row: headerRow, column: index, "unknown column \"\(name)\" is ignored")
        }
    }

    /// Shows text with its line breaks visible, as `"#30474A\n"`.
    static func quote(_ text: String) -> String {
        "\"" + text.replacingOccurrences(of: "\r", with: "\\r").replacingOccurrences(of: "\n", with: "\\n") + "\""
    }
}
