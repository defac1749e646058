import Foundation
import MyCandidateDomain

/// The state of one import, from the first file to the finished dataset.
struct ImportRun {
    let options: ImportOptions
    var errors: [ImportError] = []
    var errorCount = 0
    var rejectedRows = 0
    var warnings: [String] = []
    var suppressedWarnings = 0
    var duplicatesDropped = 0
    var sources: [SourceFile] = []
    var ballots: [BallotState] = []

    /// Level names, interned so areas compare levels as integers.
    var levelNames: [String] = []
    var levelIDs: [String: Int] = [:]
    var areas: [AreaRecord] = []
    var areaIndex: [AreaKey: Int] = [:]
    /// The last area looked up at each level: source files are usually sorted by area, so this
    /// skips most hash lookups.
    var lastArea: [(code: String, index: Int)?] = []

    var parties: [Party] = []
    var partyIndex: [String: Int] = [:]
    /// Party (or -1 for independent) by spelling, so slugs are made once per spelling, not per row.
    var partyBySpelling: [PartySpelling: Int] = [:]
    var lastParty: (spelling: PartySpelling, index: Int)? = nil

    var candidates: [Candidate] = []
    var candidateAreas: [Int] = []

    init(options: ImportOptions) {
        self.options = options
    }

    // MARK: Problems

    mutating func fail(_ error: ImportError) {
        errorCount += 1
        if errors.count < ImportFailure.limit { errors.append(error) }
    }

    mutating func warn(_ warning: String) {
        if warnings.count < ImportFailure.limit {
            warnings.append(warning)
        } else {
            suppressedWarnings += 1
        }
    }

    mutating func checkBallotKeys(_ sources: [BallotSource]) {
        var seen = Set<String>()
        for (index, ballot) in sources.enumerated() {
            let file = ballot.files.first?.name ?? "ballot \(index + 1)"
            if ballot.key.isEmpty {
                fail(ImportError(file: file, reason: "ballot \(index + 1) has no key"))
            } else if !seen.insert(ballot.key).inserted {
                fail(ImportError(file: file, reason: "ballot key \"\(ballot.key)\" is used by more than one ballot"))
            }
            if ballot.files.isEmpty {
                fail(ImportError(file: file, reason: "ballot \"\(ballot.key)\" has no files"))
            }
        }
    }

    mutating func levelID(_ name: String) -> Int {
        if let id = levelIDs[name] { return id }
        levelIDs[name] = levelNames.count
        levelNames.append(name)
        lastArea.append(nil)
        return levelNames.count - 1
    }

    // MARK: Reading

    mutating func importBallot(_ source: BallotSource, position: Int) {
        var ballot = BallotState(source: source, position: position)
        var readers: [(file: String, reader: CSVReader, layout: FileLayout)] = []
        for input in source.files {
            let digest = SourceDigest.sourceFile(name: input.name, data: input.data)
            if !sources.contains(digest) { sources.append(digest) }
            do {
                var reader = try CSVReader(data: input.data, file: input.name)
                // The header is the first record with any text; blank lines above it are skipped.
                var header: CSVRecord? = nil
                while let record = try reader.next() {
                    if record.cells.contains(where: { !CellCleaner.clean($0).isEmpty }) {
                        header = record
                        break
                    }
                }
                guard let header else {
                    fail(ImportError(file: input.name, reason: "file is empty"))
                    continue
                }
                var problems: [ImportError] = []
                if let layout = FileLayout.resolve(header: header, file: input.name, ballot: source, errors: &problems) {
                    readers.append((input.name, reader, layout))
                }
                problems.forEach { fail($0) }
            } catch {
                fail(error)
            }
        }
        let levelName = source.level.map(HeaderMatcher.normalize) ?? HeaderMatcher.level(fromLocator: source.areaColumn)
        ballot.level = levelID(levelName.isEmpty ? "area" : levelName)
        ballot.kind = source.kind ?? (readers.contains { $0.layout.fields[.listPosition] != nil } ? .partyList : .singleMember)

        // Rows are rarely under 48 bytes; reserving up front saves rehashing a million-row set.
        let estimatedRows = source.files.reduce(0) { $0 + $1.data.count / 48 }
        ballot.seenRows.reserveCapacity(estimatedRows)
        candidates.reserveCapacity(candidates.count + estimatedRows)
        candidateAreas.reserveCapacity(candidateAreas.count + estimatedRows)
        for entry in readers {
            let file = entry.file
            var reader = entry.reader
            var layout = entry.layout
            if ballot.kind == .singleMember { layout.keepListPositionAsExtra() }
            let ancestorLevels = layout.ancestors.map { levelID($0.level) }
            var rows = 0
            do {
                while var record = try reader.next() {
                    if importRow(line: record.line, cells: &record.cells, file: file, layout: layout, ancestorLevels: ancestorLevels, ballot: &ballot) {
                        rows += 1
                    }
                }
                if rows == 0 {
                    fail(ImportError(file: file, reason: "no candidate rows"))
                }
            } catch {
                fail(error)
            }
        }
        ballots.append(ballot)
    }

    /// Reads one data row; returns whether it was a row at all (not blank).
    mutating func importRow(
        line: Int,
        cells: inout [String],
        file: String,
        layout: FileLayout,
        ancestorLevels: [Int],
        ballot: inout BallotState
    ) -> Bool {
        var hasValue = false
        for index in cells.indices {
            cells[index] = CellCleaner.clean(cells[index])
            if !cells[index].isEmpty { hasValue = true }
        }
        // PDF extraction leaves rows of empty cells between pages.
        guard hasValue else { return false }
        guard cells.count == layout.columnCount else {
            let column = min(cells.count, layout.columnCount) + 1
            fail(ImportError(file: file, row: line, column: column, reason: "expected \(layout.columnCount) cells, found \(cells.count)"))
            rejectedRows += 1
            return true
        }
        var rowKey = RowKey(bytes: [])
        rowKey.bytes.reserveCapacity(cells.reduce(4 * cells.count) { $0 + $1.utf8.count })
        for index in layout.duplicateKeyOrder {
            // Length-prefixed, so no cell content can imitate a cell boundary.
            let count = cells[index].utf8.count
            rowKey.bytes += [UInt8(truncatingIfNeeded: count >> 24), UInt8(truncatingIfNeeded: count >> 16),
                             UInt8(truncatingIfNeeded: count >> 8), UInt8(truncatingIfNeeded: count)]
            rowKey.bytes += cells[index].utf8
        }
        guard ballot.seenRows.insert(rowKey).inserted else {
            duplicatesDropped += 1
            return true
        }

        let problemsBefore = errorCount
        func cell(_ field: CandidateField) -> String {
            layout.fields[field].map { cells[$0] } ?? ""
        }
        let code = cells[layout.locator]
        if code.isEmpty {
            fail(ImportError(file: file, row: line, column: layout.locator + 1, reason: "\"\(layout.headers[layout.locator])\" is empty"))
        }
        for ancestor in layout.ancestors where cells[ancestor.code].isEmpty {
            fail(ImportError(file: file, row: line, column: ancestor.code + 1, reason: "\"\(layout.headers[ancestor.code])\" is empty"))
        }
        let surname = cell(.surname)
        let givenNames = cell(.givenNames)
        if surname.isEmpty && givenNames.isEmpty {
            let column = layout.fields[.surname] ?? layout.fields[.givenNames] ?? 0
            let names = [layout.fields[.surname], layout.fields[.givenNames]].compactMap { $0 }.map { "\"\(layout.headers[$0])\"" }
            let reason = names.count == 2 ? "\(names[0]) and \(names[1]) are both empty" : "\(names[0]) is empty"
            fail(ImportError(file: file, row: line, column: column + 1, reason: "no name: " + reason))
        }
        let listPosition = wholeNumber(.listPosition, cells: cells, file: file, line: line, layout: layout)
        let age = wholeNumber(.age, cells: cells, file: file, line: line, layout: layout)
        let party = partyIndex(name: cell(.party), abbreviation: cell(.partyAbbreviation), code: cell(.partyCode), file: file, line: line, layout: layout)
        guard errorCount == problemsBefore else {
            rejectedRows += 1
            return true
        }

        var parent: Int? = nil
        var parentColumn: Int? = nil
        for (ancestor, level) in zip(layout.ancestors, ancestorLevels) {
            let name = ancestor.name.map { cells[$0] } ?? ""
            guard let index = area(level: level, code: cells[ancestor.code], name: name, parent: parent, parentColumn: parentColumn, file: file, line: line) else {
                rejectedRows += 1
                return true
            }
            parent = index
            parentColumn = ancestor.code
        }
        let areaName = layout.locatorName.map { cells[$0] } ?? ""
        guard let area = area(level: ballot.level, code: code, name: areaName, parent: parent, parentColumn: parentColumn, file: file, line: line) else {
            rejectedRows += 1
            return true
        }

        var extra: [String: String] = [:]
        for (column, key) in layout.extras where !cells[column].isEmpty {
            extra[key] = cells[column]
        }
        let gender = cell(.gender)
        candidates.append(Candidate(
            ballotKey: ballot.source.key,
            areaID: "",
            partyKey: party.map { parties[$0].key },
            givenNames: options.titleCaseNames ? NameCasing.titleCased(givenNames, as: .givenNames) : givenNames,
            surname: options.titleCaseNames ? NameCasing.titleCased(surname, as: .surname) : surname,
            listPosition: listPosition,
            age: age,
            gender: gender.isEmpty ? nil : gender,
            extra: extra
        ))
        candidateAreas.append(area)
        ballot.candidates += 1
        ballot.areas.insert(area)
        if let party { ballot.parties.insert(party) }
        return true
    }

    /// The whole number in a field's cell; `nil` when the cell is empty or invalid (then a
    /// problem is recorded). `12.0` is accepted because spreadsheets export whole numbers so.
    mutating func wholeNumber(_ field: CandidateField, cells: [String], file: String, line: Int, layout: FileLayout) -> Int? {
        guard let column = layout.fields[field], !cells[column].isEmpty else { return nil }
        let text = cells[column]
        if text.utf8.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }), let value = Int(text) { return value }
        if let dot = text.firstIndex(of: "."), let value = Int(text[..<dot]), value >= 0,
           text[text.index(after: dot)...].allSatisfy({ $0 == "0" }) {
            return value
        }
        fail(ImportError(file: file, row: line, column: column + 1, reason: "\"\(layout.headers[column])\" must be a whole number, found \"\(text)\""))
        return nil
    }

    /// The party a row names, `nil` for an independent candidate.
    mutating func partyIndex(name: String, abbreviation: String, code: String, file: String, line: Int, layout: FileLayout) -> Int? {
        let spelling = PartySpelling(name: name, abbreviation: abbreviation)
        let index: Int
        if let last = lastParty, last.spelling.name.utf8.elementsEqual(name.utf8),
           last.spelling.abbreviation.utf8.elementsEqual(abbreviation.utf8) {
            index = last.index
        } else if let known = partyBySpelling[spelling] {
            index = known
        } else {
            let independent = ["independent", "ind"]
            if (name.isEmpty && abbreviation.isEmpty)
                || independent.contains(name.lowercased()) || independent.contains(abbreviation.lowercased()) {
                index = -1
            } else {
                let shown = name.isEmpty ? abbreviation : name
                let key = Slug.make(shown)
                guard !key.isEmpty else {
                    let column = layout.fields[name.isEmpty ? .partyAbbreviation : .party] ?? 0
                    fail(ImportError(file: file, row: line, column: column + 1, reason: "party \"\(shown)\" has no letters or digits"))
                    return nil
                }
                if let existing = partyIndex[key] {
                    index = existing
                } else {
                    index = parties.count
                    partyIndex[key] = index
                    parties.append(Party(key: key, name: shown))
                }
            }
            partyBySpelling[spelling] = index
        }
        lastParty = (spelling, index)
        guard index >= 0 else { return nil }
        if parties[index].abbreviation.isEmpty && !abbreviation.isEmpty { parties[index].abbreviation = abbreviation }
        if parties[index].code.isEmpty && !code.isEmpty { parties[index].code = code }
        return index
    }

    /// The area `(level, code)`, created on first sight; `nil` when the row places it in a
    /// different parent than before (then a problem is recorded).
    mutating func area(level: Int, code: String, name: String, parent: Int?, parentColumn: Int?, file: String, line: Int) -> Int? {
        let index: Int
        // Byte equality implies String equality and skips Unicode-aware comparison.
        if let last = lastArea[level], last.code.utf8.elementsEqual(code.utf8) {
            index = last.index
        } else if let known = areaIndex[AreaKey(level: level, code: code)] {
            index = known
        } else {
            index = areas.count
            areas.append(AreaRecord(level: level, code: code, name: name, parent: parent, firstSeen: "\(file):\(line)", parentSeen: "\(file):\(line)"))
            areaIndex[AreaKey(level: level, code: code)] = index
            lastArea[level] = (code, index)
            return index
        }
        lastArea[level] = (code, index)
        if let parent {
            if let existing = areas[index].parent {
                if existing != parent {
                    let was = areas[existing], now = areas[parent]
                    let levelName = levelNames[level], parentLevel = levelNames[now.level]
                    fail(ImportError(
                        file: file, row: line, column: parentColumn.map { $0 + 1 },
                        reason: "\(levelName) \"\(code)\" is in \(parentLevel) \"\(now.code)\" here but in \(levelNames[was.level]) \"\(was.code)\" at \(areas[index].parentSeen)"
                    ))
                    return nil
                }
            } else {
                areas[index].parent = parent
                areas[index].parentSeen = "\(file):\(line)"
            }
        }
        if !name.isEmpty && areas[index].name != name {
            if areas[index].name.isEmpty {
                areas[index].name = name
            } else if areas[index].name.caseInsensitiveCompare(name) != .orderedSame,
                      areas[index].warnedNames.insert(name).inserted {
                // Case alone is not a different spelling: files differ in capitalisation all the time.
                let record = areas[index]
                let message = "\(file):\(line): \(levelNames[level]) \"\(code)\" is named \"\(name)\" here but \"\(record.name)\" at \(record.firstSeen); keeping \"\(record.name)\""
                warn(message)
            }
        }
        return index
    }

    // MARK: Finishing

    mutating func finish(site: SiteSettings) throws -> ImportResult {
        if errorCount > 0 {
            throw ImportFailure(errors: errors, rejectedRows: rejectedRows)
        }

        // Identifiers are assigned in (level, code) order so the same data always gets the same ones.
        let order = areas.indices.sorted { a, b in
            let levelA = levelNames[areas[a].level], levelB = levelNames[areas[b].level]
            if levelA != levelB { return levelA < levelB }
            return naturalLess(areas[a].code, areas[b].code)
        }
        let orderedIDs = AreaID.disambiguate(order.map { (levelNames[areas[$0].level], areas[$0].code) })
        var ids = [String](repeating: "", count: areas.count)
        for (index, id) in zip(order, orderedIDs) { ids[index] = id }
        let datasetAreas = order.map { index in
            let record = areas[index]
            var name = record.name.isEmpty ? record.code : record.name
            if options.titleCaseNames { name = NameCasing.titleCased(name, as: .areaName) }
            return Area(id: ids[index], code: record.code, name: name, level: levelNames[record.level], parentID: record.parent.map { ids[$0] })
        }
        for index in candidates.indices {
            candidates[index].areaID = ids[candidateAreas[index]]
        }

        var datasetBallots: [Ballot] = []
        var reports: [BallotImportReport] = []
        for ballot in ballots {
            let source = ballot.source
            var partyOrder: [String] = []
            for entry in source.partyOrder {
                let wanted = CellCleaner.clean(entry)
                let slug = Slug.make(wanted)
                let match = parties.first { $0.key == slug }
                    ?? parties.first { !$0.abbreviation.isEmpty && $0.abbreviation.caseInsensitiveCompare(wanted) == .orderedSame }
                if let match {
                    if !partyOrder.contains(match.key) { partyOrder.append(match.key) }
                } else {
                    warn("ballot \"\(source.key)\": party order entry \"\(entry)\" matches no party")
                }
            }
            datasetBallots.append(Ballot(
                key: source.key,
                title: source.title ?? Self.title(fromKey: source.key),
                explainer: source.explainer,
                position: ballot.position,
                kind: ballot.kind,
                areaLevel: levelNames[ballot.level],
                partyOrder: partyOrder
            ))
            reports.append(BallotImportReport(key: source.key, areas: ballot.areas.count, candidates: ballot.candidates, parties: ballot.parties.count))
        }
        if suppressedWarnings > 0 {
            warnings.append("… and \(suppressedWarnings) more warnings")
        }

        let dataset = Dataset(site: site, ballots: datasetBallots, areas: datasetAreas, parties: parties, candidates: candidates)
        return ImportResult(
            dataset: dataset,
            sources: sources,
            report: ImportReport(ballots: reports, duplicatesDropped: duplicatesDropped, rejected: 0),
            warnings: warnings
        )
    }

    /// `national_regional` → "National Regional".
    static func title(fromKey key: String) -> String {
        key.split(whereSeparator: { $0 == "_" || $0 == "-" || $0 == " " })
            .map { $0.prefix(1).uppercased() + $0.dropFirst() }
            .joined(separator: " ")
    }
}

/// Orders numeric codes by value ("2" before "10") and everything else as plain text, so area
/// order reads naturally and depends only on the data.
private func naturalLess(_ a: String, _ b: String) -> Bool {
    func isDigits(_ text: String) -> Bool { !text.isEmpty && text.utf8.allSatisfy { $0 >= 0x30 && $0 <= 0x39 } }
    if isDigits(a) && isDigits(b) {
        let trimmedA = a.drop { $0 == "0" }, trimmedB = b.drop { $0 == "0" }
        if trimmedA.count != trimmedB.count { return trimmedA.count < trimmedB.count }
        if trimmedA != trimmedB { return trimmedA < trimmedB }
    }
    return a < b
}

extension ImportRun {
    /// A ballot's part of an import while its rows are read.
    struct BallotState {
        var source: BallotSource
        var position: Int
        var kind: BallotKind = .singleMember
        var level = 0
        /// Cleaned rows already seen, to drop exact duplicates.
        var seenRows = Set<RowKey>()
        var areas = Set<Int>()
        var parties = Set<Int>()
        var candidates = 0
    }

    /// A cleaned row's cells joined, compared and hashed as bytes: the duplicate check runs on
    /// every row, and `String`'s Unicode-aware hashing of non-ASCII names was the import's largest cost.
    struct RowKey: Hashable {
        var bytes: [UInt8]

        func hash(into hasher: inout Hasher) {
            bytes.withUnsafeBytes { hasher.combine(bytes: $0) }
        }
    }

    struct AreaKey: Hashable {
        var level: Int
        var code: String
    }

    struct AreaRecord {
        var level: Int
        var code: String
        /// The first non-empty spelling, before any title-casing.
        var name: String
        var parent: Int?
        /// `file:line` where the area was first seen, for messages.
        var firstSeen: String
        /// `file:line` where its parent was first given.
        var parentSeen: String
        var warnedNames: Set<String> = []
    }

    struct PartySpelling: Hashable {
        var name: String
        var abbreviation: String
    }
}
