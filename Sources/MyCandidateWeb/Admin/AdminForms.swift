import Foundation
import Hummingbird
import NIOCore

/// A posted admin form's fields, read with a size limit: forms here are a few fields long.
struct AdminForm {
    static let maxBytes = 16 * 1024
    var fields: [String: String]

    /// Reads the form; `maxBytes` is for the odd longer form (the site settings' explainers).
    init(_ request: Request, _ context: some RequestContext, maxBytes: Int = Self.maxBytes) async throws {
        guard request.headers[.contentType]?.hasPrefix("application/x-www-form-urlencoded") == true else {
            throw HTTPError(.unsupportedMediaType, message: "Forms must be sent as application/x-www-form-urlencoded.")
        }
        // Too large is the client's mistake (413), not ours: NIO's own error would be a 500. A
        // declared length over the limit is refused at once, without waiting for the body.
        let tooLarge = HTTPError(.contentTooLarge, message: "The form is larger than \(maxBytes / 1024) KB.")
        if let length = request.headers[.contentLength].flatMap(Int.init), length > maxBytes { throw tooLarge }
        let body: ByteBuffer
        do {
            body = try await request.body.collect(upTo: maxBytes)
        } catch is NIOTooManyBytesError {
            throw tooLarge
        }
        fields = try URLEncodedFormDecoder().decode([String: String].self, from: String(buffer: body))
    }

    var csrfToken: String? { fields["csrf_token"] }
}

/// The sign-in form.
struct LoginForm {
    var username: String
    var password: String
    var csrfToken: String

    init(_ request: Request, _ context: some RequestContext) async throws {
        let form = try await AdminForm(request, context)
        username = (form.fields["username"] ?? "").trimmingCharacters(in: .whitespaces).lowercased()
        password = form.fields["password"] ?? ""
        csrfToken = form.csrfToken ?? ""
    }
}
