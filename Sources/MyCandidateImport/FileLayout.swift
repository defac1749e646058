/// Where everything is in one source file, worked out once from its header row.
struct FileLayout {
    /// One level of the area hierarchy: a `<level> code` column and its `<level> name` column.
    struct AreaColumns {
        var level: String
        var code: Int
        var name: Int?
    }

    var headerLine: Int
    /// Cleaned headers, as shown in messages.
    var headers: [String]
    var locator: Int
    var locatorName: Int?
    /// The levels enclosing the locator's, outermost first.
    var ancestors: [AreaColumns]
    var fields: [CandidateField: Int]
    /// Columns kept in `Candidate.extra`, with their keys.
    var extras: [(column: Int, key: String)]
    /// Every column, ordered by normalised header, so that duplicate rows are recognised across
    /// files of one ballot whose columns are in different orders.
    var duplicateKeyOrder: [Int]

    var columnCount: Int { headers.count }

    /// Resolves the header row of `file` for `ballot`; on failure adds the problems to `errors`
    /// and returns `nil`.
    static func resolve(
        header: CSVRecord,
        file: String,
        ballot: BallotSource,
        errors: inout [ImportError]
    ) -> FileLayout? {
        let headers = header.cells.map(CellCleaner.clean)
        let normalized = headers.map(HeaderMatcher.normalize)
        var problems: [ImportError] = []
        func find(_ name: String, _ what: String) -> Int? {
            if let index = normalized.firstIndex(of: HeaderMatcher.normalize(name)) { return index }
            let listed = headers.map { "\"\($0)\"" }.joined(separator: ", ")
            problems.append(ImportError(
                file: file, row: header.line,
                reason: "\(what) \"\(name)\" not found; headers are: \(listed)"
            ))
            return nil
        }

        let locator = find(ballot.areaColumn, "locator column")
        var locatorName = ballot.areaNameColumn.flatMap { find($0, "area name column") }
        var fields: [CandidateField: Int] = [:]
        for field in CandidateField.allCases {
            guard let name = ballot.columns[field] else { continue }
            fields[field] = find(name, "column for \(field.rawValue)")
        }
        guard let locator, problems.isEmpty else {
            errors += problems
            return nil
        }

        var used = Set(fields.values)
        // Every ID-number column goes, not only the first: a second one must not reach `extra`.
        var dropped = Set(fields[.nationalID].map { [$0] } ?? [])
        for (index, name) in normalized.enumerated() where !used.contains(index) && index != locator && index != locatorName {
            if HeaderMatcher.isNationalID(name) {
                dropped.insert(index)
            } else if let field = HeaderMatcher.field(for: name), fields[field] == nil {
                fields[field] = index
                used.insert(index)
            }
        }
        fields[.nationalID] = nil

        if fields[.surname] == nil && fields[.givenNames] == nil {
            let listed = headers.map { "\"\($0)\"" }.joined(separator: ", ")
            errors.append(ImportError(
                file: file, row: header.line,
                reason: "no surname or given names column; headers are: \(listed)"
            ))
            return nil
        }

        // `<X> code` + `<X> name` pairs, in header order, are the levels of the area hierarchy.
        var levels: [AreaColumns] = []
        for (index, name) in normalized.enumerated() where name.hasSuffix(" code") && !used.contains(index) {
            let level = String(name.dropLast(" code".count))
            guard let nameIndex = normalized.firstIndex(of: level + " name"), !used.contains(nameIndex) else { continue }
            levels.append(AreaColumns(level: level, code: index, name: nameIndex))
        }
        var hierarchyColumns = Set<Int>()
        var ancestors: [AreaColumns] = []
        if let position = levels.firstIndex(where: { $0.code == locator || $0.name == locator }) {
            ancestors = Array(levels[..<position])
            if locatorName == nil && levels[position].code == locator { locatorName = levels[position].name }
            for level in levels {
                hierarchyColumns.insert(level.code)
                if let name = level.name { hierarchyColumns.insert(name) }
            }
        }

        var extras: [(column: Int, key: String)] = []
        for index in normalized.indices {
            if used.contains(index) || dropped.contains(index) || hierarchyColumns.contains(index) { continue }
            if index == locator || index == locatorName { continue }
            extras.append((index, normalized[index].isEmpty ? "column \(index + 1)" : normalized[index]))
        }

        let order = normalized.indices.sorted { (normalized[$0], $0) < (normalized[$1], $1) }
        return FileLayout(
            headerLine: header.line,
            headers: headers,
            locator: locator,
            locatorName: locatorName,
            ancestors: ancestors,
            fields: fields,
            extras: extras,
            duplicateKeyOrder: order
        )
    }

    /// On a single-member ballot a list-position column carries no ranking, so it is kept as
    /// an extra column rather than as a position.
    mutating func keepListPositionAsExtra() {
        guard let column = fields.removeValue(forKey: .listPosition) else { return }
        extras.append((column, HeaderMatcher.normalize(headers[column])))
        extras.sort { $0.column < $1.column }
    }
}
