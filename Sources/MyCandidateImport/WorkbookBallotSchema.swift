import MyCandidateDomain

/// One ballot's entry in the seed workbook's `data_schemas` JSON, before its files are read:
///
/// ```json
/// "ward": {"file": "ward.csv", "locator": ["Ward Code", "Ward Name"],
///          "columns": {"surname": "Last Name"}, "title": "Ward", "level": "ward",
///          "kind": "single_member", "party_order": ["ANC"]}
/// ```
struct WorkbookBallotSchema {
    var key: String
    var files: [String]
    var areaColumn: String
    var areaNameColumn: String?
    var title: String?
    var level: String?
    var kind: BallotKind?
    var columns: [CandidateField: String]
    var partyOrder: [String]
    /// Things ignored on the way, phrased for the operator.
    var warnings: [String]

    /// Reads one entry, throwing why it is unusable.
    init(key: String, value: JSONValue) throws(WorkbookSchemaProblem) {
        func problem(_ reason: String) -> WorkbookSchemaProblem {
            WorkbookSchemaProblem(reason: "ballot \"\(key)\": " + reason)
        }
        guard !WorkbookCleaning.text(key).isEmpty else {
            throw WorkbookSchemaProblem(reason: "a ballot has an empty key")
        }
        guard case .object(let members) = value else {
            throw problem("expected an object with \"file\" and \"locator\", found \(value.kindDescription)")
        }
        self.key = WorkbookCleaning.text(key)
        var settings: [String: JSONValue] = [:]
        var warnings: [String] = []
        for member in members {
            if settings.updateValue(member.value, forKey: member.key) != nil {
                throw problem("\"\(member.key)\" is given twice")
            }
        }

        switch settings["file"] {
        case nil:
            throw problem("has no \"file\"")
        case .string(let file)?:
            files = [WorkbookCleaning.text(file)]
        case .array(let list)?:
            files = try list.map { element throws(WorkbookSchemaProblem) in
                guard case .string(let file) = element else { throw problem("\"file\" must list file names") }
                return WorkbookCleaning.text(file)
            }
        case let other?:
            throw problem("\"file\" must be a file name or a list of file names, found \(other.kindDescription)")
        }
        guard !files.isEmpty, files.allSatisfy({ !$0.isEmpty }) else { throw problem("\"file\" names no file") }

        let locator: [String]
        switch settings["locator"] {
        case nil:
            throw problem("has no \"locator\"")
        case .string(let column)?:
            locator = [column]
        case .array(let list)?:
            locator = try list.map { element throws(WorkbookSchemaProblem) in
                guard case .string(let column) = element else { throw problem("\"locator\" must list column names") }
                return WorkbookCleaning.text(column)
            }
        case let other?:
            throw problem("\"locator\" must list the area code column and optionally the area name column, found \(other.kindDescription)")
        }
        guard let areaColumn = locator.first, !areaColumn.isEmpty else {
            throw problem("\"locator\" must name the area code column first")
        }
        self.areaColumn = areaColumn
        areaNameColumn = locator.count > 1 && !locator[1].isEmpty ? locator[1] : nil
        if locator.count > 2 {
            warnings.append("ballot \"\(self.key)\": \"locator\" has \(locator.count) columns; only the first two (area code, area name) are used")
        }

        func optionalText(_ name: String) throws(WorkbookSchemaProblem) -> String? {
            switch settings[name] {
            case nil, .null?: return nil
            case .string(let text)?:
                let cleaned = WorkbookCleaning.text(text)
                return cleaned.isEmpty ? nil : cleaned
            case let other?: throw problem("\"\(name)\" must be text, found \(other.kindDescription)")
            }
        }
        title = try optionalText("title")
        level = try optionalText("level")
        if let kindText = try optionalText("kind") {
            guard let kind = BallotKind(rawValue: kindText) else {
                throw problem("\"kind\" must be \"party_list\" or \"single_member\", found \"\(kindText)\"")
            }
            self.kind = kind
        } else {
            kind = nil
        }

        switch settings["party_order"] {
        case nil, .null?:
            partyOrder = []
        case .array(let list)?:
            partyOrder = try list.map { element throws(WorkbookSchemaProblem) in
                guard case .string(let party) = element else { throw problem("\"party_order\" must list party names") }
                return WorkbookCleaning.text(party)
            }.filter { !$0.isEmpty }
        case let other?:
            throw problem("\"party_order\" must be a list of party names, found \(other.kindDescription)")
        }

        var columns: [CandidateField: String] = [:]
        switch settings["columns"] {
        case nil, .null?:
            break
        case .object(let mapping)?:
            for (name, header) in mapping {
                guard let field = CandidateField(rawValue: name) else {
                    let known = CandidateField.allCases.map(\.rawValue).joined(separator: ", ")
                    throw problem("unknown field \"\(name)\" in \"columns\" (known: \(known))")
                }
                guard case .string(let text) = header, !WorkbookCleaning.text(text).isEmpty else {
                    throw problem("\"columns\": \"\(name)\" must name a column")
                }
                columns[field] = WorkbookCleaning.text(text)
            }
        case let other?:
            throw problem("\"columns\" must map fields to column names, found \(other.kindDescription)")
        }
        self.columns = columns

        let known: Set = ["file", "locator", "title", "level", "kind", "party_order", "columns"]
        for member in members where !known.contains(member.key) {
            warnings.append("ballot \"\(self.key)\": ignored unknown setting \"\(member.key)\"")
        }
        self.warnings = warnings
    }
}

/// Why a `data_schemas` entry cannot be used.
struct WorkbookSchemaProblem: Error {
    var reason: String
}
