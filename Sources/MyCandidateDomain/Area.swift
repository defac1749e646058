/// A place a ballot is contested in: a country, province, county, constituency or ward.
public struct Area: Codable, Sendable, Equatable {
    /// Identifier unique across all levels of a dataset and stable across re-imports of the same
    /// data; see ``AreaID``.
    public var id: String
    /// The code as the source gives it (`"1"`, `"Gauteng"`).
    public var code: String
    public var name: String
    public var level: String
    /// The enclosing area, when the data has a hierarchy (a ward's constituency).
    public var parentID: String?

    public init(id: String, code: String, name: String, level: String, parentID: String? = nil) {
        self.id = id
        self.code = code
        self.name = name
        self.level = level
        self.parentID = parentID
    }
}

/// Makes area identifiers that are unique across levels.
///
/// Codes with letters in them are usually names (`Gauteng`) and read well on their own; purely
/// numeric codes repeat across levels (Kenya has a ward, a constituency and a county "1"), so they
/// are prefixed with their level (`ward-1`). Whatever is left colliding is disambiguated with the
/// level by ``AreaID/disambiguate(_:)``, which depends only on the data, so the same data always
/// gets the same identifiers.
public enum AreaID {
    /// The preferred identifier for a code at a level.
    public static func preferred(level: String, code: String) -> String {
        let codeSlug = Slug.make(code)
        if code.contains(where: \.isLetter) && !codeSlug.isEmpty {
            return codeSlug
        }
        return qualified(level: level, code: code)
    }

    /// The identifier that includes the level; always unique if (level, code) is.
    public static func qualified(level: String, code: String) -> String {
        let codeSlug = Slug.make(code)
        return Slug.make(level) + "-" + (codeSlug.isEmpty ? "x" : codeSlug)
    }

    /// Assigns an identifier to every (level, code) pair: the preferred one where it is unique,
    /// the qualified one for every pair whose preferred identifier is shared.
    public static func disambiguate(_ pairs: [(level: String, code: String)]) -> [String] {
        var uses: [String: Set<String>] = [:]
        for pair in pairs {
            uses[preferred(level: pair.level, code: pair.code), default: []].insert(pair.level + "\u{0}" + pair.code)
        }
        return pairs.map { pair in
            let id = preferred(level: pair.level, code: pair.code)
            return (uses[id]?.count ?? 0) > 1 ? qualified(level: pair.level, code: pair.code) : id
        }
    }
}
