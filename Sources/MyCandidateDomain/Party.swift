/// A political party standing in at least one ballot.
public struct Party: Codable, Sendable, Equatable {
    /// Stable slug of the party's name, used in URLs (`african-national-congress`).
    public var key: String
    public var name: String
    /// Abbreviation as published (`ANC`, `ODM`); never title-cased. Empty when not given.
    public var abbreviation: String
    /// The electoral body's party code where the source gives one. Empty when not given.
    public var code: String

    public init(key: String, name: String, abbreviation: String = "", code: String = "") {
        self.key = key
        self.name = name
        self.abbreviation = abbreviation
        self.code = code
    }
}
