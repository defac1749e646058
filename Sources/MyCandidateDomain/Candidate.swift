/// One person standing on one ballot in one area.
///
/// There is deliberately no national ID field: source files may carry one, and it is dropped
/// at import so it can never be stored, shown or exported.
public struct Candidate: Codable, Sendable, Equatable {
    public var ballotKey: String
    public var areaID: String
    /// The party's key, or `nil` for an independent candidate.
    public var partyKey: String?
    public var givenNames: String
    public var surname: String
    /// Position on the party list (1 is the top); `nil` on single-member ballots.
    public var listPosition: Int?
    public var age: Int?
    public var gender: String?
    /// Source columns that have no field of their own, by their cleaned header.
    public var extra: [String: String]

    public init(
        ballotKey: String,
        areaID: String,
        partyKey: String?,
        givenNames: String,
        surname: String,
        listPosition: Int? = nil,
        age: Int? = nil,
        gender: String? = nil,
        extra: [String: String] = [:]
    ) {
        self.ballotKey = ballotKey
        self.areaID = areaID
        self.partyKey = partyKey
        self.givenNames = givenNames
        self.surname = surname
        self.listPosition = listPosition
        self.age = age
        self.gender = gender
        self.extra = extra
    }

    /// Given names then surname, as voters read them.
    public var fullName: String {
        givenNames.isEmpty ? surname : surname.isEmpty ? givenNames : givenNames + " " + surname
    }
}
