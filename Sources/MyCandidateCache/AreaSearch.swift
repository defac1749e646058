import Foundation
import MyCandidateDomain

/// Finds areas of every ballot by name or code, as a voter types them.
///
/// Matching ignores case, accents, width and punctuation: `"kwazulu-natal"`, `"KWAZULU NATAL"`
/// and `"kwazulu‐natal"` (U+2010) all find `"KwaZulu‐Natal"`, and `"murang a"` finds
/// `"Murang'a"`. A code matches exactly or by prefix, on its own (`"1"`) or after its level
/// (`"ward 1"`).
///
/// Results are ordered by how well they match, best first:
/// 1. exact: the whole name or code;
/// 2. prefix: the name or code starts with the query;
/// 3. word prefix: a later word of the name starts with the query;
/// 4. substring: the name contains the query anywhere (also with spaces ignored on both sides).
///
/// Within one kind, larger areas come first (fewer enclosing areas), then by name: a county and
/// the constituency and ward named after it match a place name equally well, and the larger one
/// is both the likelier meaning and the shorter list, so the smaller areas follow rather than
/// push it out of a short list of suggestions.
///
/// Every key is normalised once, when the snapshot is built; a query normalises only itself and
/// then compares bytes, so a search over a few thousand areas takes microseconds.
public struct AreaSearch: Sendable {
    /// How well an area matched; lower is better.
    public enum Kind: Int, Sendable, Comparable, CaseIterable {
        case exact, prefix, wordPrefix, substring

        public static func < (lhs: Kind, rhs: Kind) -> Bool { lhs.rawValue < rhs.rawValue }
    }

    /// One area found by a search.
    public struct Match: Sendable {
        public let area: Area
        /// The enclosing areas' names, innermost first (`"Lakeside North, Lakeside"`); empty for
        /// an area without a parent.
        public let context: String
        /// Every ballot a voter in the area receives, as ``Snapshot/ballots(forArea:)`` gives them.
        public let ballots: [BallotArea]
        public let kind: Kind
    }

    /// What a match returns for an area.
    private struct Entry: Sendable {
        let area: Area
        let context: String
        let ballots: [BallotArea]
    }

    /// Where one key lies in ``bytes``.
    private struct Slot: Sendable {
        var start: Int32
        var count: Int32
    }

    /// An area's normalised keys. Plain integers, so scanning every area copies no references
    /// and takes no locks: the scan is all byte comparison.
    private struct Keys: Sendable {
        /// The name, folded, with single spaces between words: `"kwazulu natal"`.
        var name: Slot
        /// ``name`` without its spaces, for queries that split or join words differently.
        var compactName: Slot
        var code: Slot
        /// The level's key followed by a space (`"ward "`): a query starting with it may go on
        /// to name a code.
        var levelPrefix: Slot
    }

    /// Areas in tie-break order: enclosing areas first, then by name, then by id.
    private let entries: [Entry]
    /// ``entries``' keys, index for index.
    private let keys: [Keys]
    /// Every key's UTF-8 bytes, back to back.
    private let bytes: [UInt8]

    /// Indexes `areas`, keeping only those with at least one ballot: an area nobody votes in
    /// has no page to link to.
    init(areas: [Area], ballotsForArea: [String: [BallotArea]]) {
        let byID = Dictionary(areas.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        var sorted: [(depth: Int, name: [UInt8], entry: Entry)] = []
        for area in areas {
            guard let ballots = ballotsForArea[area.id], !ballots.isEmpty else { continue }
            var chain: [Area] = []
            var current = area.parentID
            while let parentID = current, parentID != area.id, let parent = byID[parentID],
                  !chain.contains(where: { $0.id == parentID }) {
                chain.append(parent)
                current = parent.parentID
            }
            let entry = Entry(area: area, context: chain.map(\.name).joined(separator: ", "), ballots: ballots)
            sorted.append((chain.count, Self.key(area.name), entry))
        }
        sorted.sort { a, b in
            if a.depth != b.depth { return a.depth < b.depth }
            if a.name != b.name { return a.name.lexicographicallyPrecedes(b.name) }
            return a.entry.area.id < b.entry.area.id
        }
        var bytes: [UInt8] = []
        func slot(_ key: [UInt8]) -> Slot {
            defer { bytes.append(contentsOf: key) }
            return Slot(start: Int32(bytes.count), count: Int32(key.count))
        }
        keys = sorted.map { item in
            Keys(
                name: slot(item.name),
                compactName: slot(item.name.filter { $0 != Self.space }),
                code: slot(Self.key(item.entry.area.code)),
                levelPrefix: slot(Self.key(item.entry.area.level) + [Self.space])
            )
        }
        self.bytes = bytes
        entries = sorted.map(\.entry)
    }

    /// How many areas can be found.
    public var count: Int { entries.count }

    /// At most `limit` areas matching `query`, best first; none for a query without a letter or
    /// digit.
    public func search(_ query: String, limit: Int) -> [Match] {
        let query = Self.key(query)
        guard !query.isEmpty, limit > 0 else { return [] }
        let compactQuery = query.filter { $0 != Self.space }
        // Entries are already in tie-break order, so filling one bucket per kind in that order
        // yields the final order without sorting; a bucket never needs more than `limit`.
        var buckets = Array(repeating: [Int](), count: Kind.allCases.count)
        bytes.withUnsafeBufferPointer { bytes in
            query.withUnsafeBufferPointer { query in
                compactQuery.withUnsafeBufferPointer { compactQuery in
                    keys.withUnsafeBufferPointer { keys in
                        let matcher = Matcher(bytes: bytes, query: query, compactQuery: compactQuery)
                        for index in keys.indices {
                            guard let kind = matcher.kind(of: keys[index]), buckets[kind.rawValue].count < limit else { continue }
                            buckets[kind.rawValue].append(index)
                            if kind == .exact, buckets[0].count == limit { break }
                        }
                    }
                }
            }
        }
        var matches: [Match] = []
        for kind in Kind.allCases {
            for index in buckets[kind.rawValue] where matches.count < limit {
                let entry = entries[index]
                matches.append(Match(area: entry.area, context: entry.context, ballots: entry.ballots, kind: kind))
            }
        }
        return matches
    }

    /// Compares one query with areas' keys, all inside one buffer.
    private struct Matcher {
        let bytes: UnsafeBufferPointer<UInt8>
        let query: UnsafeBufferPointer<UInt8>
        let compactQuery: UnsafeBufferPointer<UInt8>

        func kind(of keys: Keys) -> Kind? {
            let name = key(keys.name), code = key(keys.code), levelPrefix = key(keys.levelPrefix)
            if equal(name, query) || equal(code, query) { return .exact }
            // "ward 1": the level, then a code at that level.
            let levelCode = starts(query, with: levelPrefix) ? UnsafeBufferPointer(rebasing: query[levelPrefix.count...]) : nil
            if let levelCode, equal(code, levelCode) { return .exact }
            if starts(name, with: query) || starts(code, with: query) { return .prefix }
            if let levelCode, !levelCode.isEmpty, starts(code, with: levelCode) { return .prefix }
            // The prefix test failed, so the name holds the query, if at all, after its start.
            if let start = firstIndex(of: query, in: name, from: 1) {
                if name[start - 1] == space { return .wordPrefix }
                // The first occurrence may sit mid-word ("lake" in "Bluelake Lakeside").
                var from = start + 1
                while let next = firstIndex(of: query, in: name, from: from) {
                    if name[next - 1] == space { return .wordPrefix }
                    from = next + 1
                }
                return .substring
            }
            return firstIndex(of: compactQuery, in: key(keys.compactName), from: 0) != nil ? .substring : nil
        }

        private func key(_ slot: Slot) -> UnsafeBufferPointer<UInt8> {
            UnsafeBufferPointer(rebasing: bytes[Int(slot.start)..<Int(slot.start + slot.count)])
        }

        private func equal(_ a: UnsafeBufferPointer<UInt8>, _ b: UnsafeBufferPointer<UInt8>) -> Bool {
            a.count == b.count && starts(a, with: b)
        }

        private func starts(_ text: UnsafeBufferPointer<UInt8>, with prefix: UnsafeBufferPointer<UInt8>) -> Bool {
            guard prefix.count <= text.count else { return false }
            for index in 0..<prefix.count where text[index] != prefix[index] { return false }
            return true
        }

        /// Where `needle` first occurs in `haystack` at or after `from`.
        private func firstIndex(of needle: UnsafeBufferPointer<UInt8>, in haystack: UnsafeBufferPointer<UInt8>, from: Int) -> Int? {
            guard let first = needle.first, needle.count <= haystack.count, from <= haystack.count - needle.count else { return nil }
            var index = from
            while index <= haystack.count - needle.count {
                if haystack[index] == first {
                    var offset = 1
                    while offset < needle.count && haystack[index + offset] == needle[offset] { offset += 1 }
                    if offset == needle.count { return index }
                }
                index += 1
            }
            return nil
        }
    }

    private static let space = UInt8(ascii: " ")

    /// See ``SearchKey/fold(_:)``.
    static func key(_ text: String) -> [UInt8] { SearchKey.fold(text) }
}
