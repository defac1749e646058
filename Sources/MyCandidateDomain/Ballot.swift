/// Whether a ballot elects a party list (candidates carry list positions) or one member per area.
public enum BallotKind: String, Codable, Sendable, CaseIterable {
    case partyList = "party_list"
    case singleMember = "single_member"
}

/// One ballot paper type of an election, such as `national` or `county_governor`.
public struct Ballot: Codable, Sendable, Equatable {
    /// Stable key used in URLs and the API (`national_regional`).
    public var key: String
    public var title: String
    /// Text shown to voters that explains this ballot; may be empty.
    public var explainer: String
    /// Display order among the site's ballots, lowest first.
    public var position: Int
    public var kind: BallotKind
    /// The level of the areas this ballot is contested in (`province`, `ward`).
    public var areaLevel: String
    /// Party keys to show first, in this order; the rest follow alphabetically by name.
    public var partyOrder: [String]

    public init(
        key: String,
        title: String,
        explainer: String = "",
        position: Int,
        kind: BallotKind,
        areaLevel: String,
        partyOrder: [String] = []
    ) {
        self.key = key
        self.title = title
        self.explainer = explainer
        self.position = position
        self.kind = kind
        self.areaLevel = areaLevel
        self.partyOrder = partyOrder
    }
}
