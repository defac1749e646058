import Foundation
import Hummingbird

/// A posted admin form's fields, read with a size limit: forms here are a few fields long.
struct AdminForm {
    static let maxBytes = 16 * 1024
    var fields: [String: String]

    /// Reads the form; `maxBytes` is for the odd longer form (the site settings' explainers).
    init(_ request: Request, _ context: some RequestContext, maxBytes: Int = Self.maxBytes) async throws {
        guard request.headers[.contentType]?.hasPrefix("application/x-www-form-urlencoded") == true else {
            throw HTTPError(.unsupportedMediaType, message: "Forms must be sent as application/x-www-form-urlencoded.")
        }
        let body = try await request.body.collect(upTo: maxBytes)
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
