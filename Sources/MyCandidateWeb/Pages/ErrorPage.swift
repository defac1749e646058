/// View model of an error page.
struct ErrorPage: Encodable, Sendable {
    var heading: String
    var message: String
}
