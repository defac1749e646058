/// Every candidate of a snapshot in display order, findable by name.
///
/// Display order is the order of the site: ballots in their order, each ballot's areas by name,
/// and within an area the order its results page shows. A name matches when every word of the
/// query starts a word of the name, ignoring case, accents and punctuation as
/// ``AreaSearch`` does: `"wanj mary"` finds "Mary Wanjiru", `"ndlovu"` finds "Thandi Ndlovu".
///
/// Names are folded once when the snapshot is built and kept back to back in one byte array,
/// so a search is a scan of plain bytes; paging resumes the scan where the last page stopped.
public struct CandidateSearch: Sendable {
    /// Indices into ``Snapshot/candidates``, in display order.
    public let order: [Int32]
    /// Where the folded name of the candidate at each display position starts in ``bytes``;
    /// one more entry than ``order`` marks the end of the last name.
    private let offsets: [Int32]
    private let bytes: [UInt8]

    init(order: [Int32], fullName: (Int) -> String) {
        self.order = order
        var offsets: [Int32] = []
        offsets.reserveCapacity(order.count + 1)
        var bytes: [UInt8] = []
        for candidate in order {
            offsets.append(Int32(bytes.count))
            bytes.append(contentsOf: SearchKey.fold(fullName(Int(candidate))))
        }
        offsets.append(Int32(bytes.count))
        self.offsets = offsets
        self.bytes = bytes
    }

    /// One page of a search.
    public struct Page: Sendable {
        /// Indices into ``Snapshot/candidates``, in display order.
        public var candidates: [Int]
        /// The display position to resume from for the next page; `nil` after the last match.
        public var next: Int?
    }

    /// Up to `limit` candidates from display position `start` on that match `query` (every
    /// candidate when `query` is `nil`) and that `include` accepts. A query without a letter or
    /// digit matches nobody.
    public func page(matching query: String?, from start: Int, limit: Int, include: (Int) -> Bool) -> Page {
        let words = query.map { SearchKey.fold($0).split(separator: SearchKey.space).map(Array.init) }
        if let words, words.isEmpty { return Page(candidates: [], next: nil) }
        var found: [Int] = []
        var position = max(start, 0)
        while position < order.count {
            let candidate = Int(order[position])
            if include(candidate), words.map({ nameMatches($0, at: position) }) ?? true {
                if found.count == limit { return Page(candidates: found, next: position) }
                found.append(candidate)
            }
            position += 1
        }
        return Page(candidates: found, next: nil)
    }

    /// Whether every word starts a word of the name at display `position`.
    private func nameMatches(_ words: [[UInt8]], at position: Int) -> Bool {
        bytes.withUnsafeBufferPointer { bytes in
            let name = UnsafeBufferPointer(rebasing: bytes[Int(offsets[position])..<Int(offsets[position + 1])])
            return words.allSatisfy { word in startsAWord(of: name, with: word) }
        }
    }

    private func startsAWord(of name: UnsafeBufferPointer<UInt8>, with word: [UInt8]) -> Bool {
        guard word.count <= name.count else { return false }
        var start = 0
        while start + word.count <= name.count {
            var matched = 0
            while matched < word.count && name[start + matched] == word[matched] { matched += 1 }
            if matched == word.count { return true }
            // On to the next word of the name.
            while start < name.count && name[start] != SearchKey.space { start += 1 }
            start += 1
        }
        return false
    }
}
