/// The database holds something this code would never have written there: a missing row, a
/// column of the wrong type, an unknown status. Points at a damaged or hand-edited database.
public struct StoredDataError: Error, CustomStringConvertible, Equatable {
    public var message: String

    public init(_ message: String) {
        self.message = message
    }

    public var description: String { "unexpected data in the database: \(message)" }
}
