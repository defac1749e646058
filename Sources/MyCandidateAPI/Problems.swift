import Foundation
import Hummingbird

/// An API problem for answers made outside this module (the rate limit in front of the API),
/// so every problem the API sends has one shape and one encoder.
public enum APIProblem {
    /// - Parameter type: the last part of the `urn:mycandidate:problem:` type, e.g. `rate-limited`.
    public static func response(type: String, title: String, status: Int, detail: String) -> Response {
        Problems.response(Components.Schemas.Problem(
            _type: "urn:mycandidate:problem:" + type, title: title, status: status, detail: detail
        ))
    }
}

/// The API's RFC 9457 problems, each with a stable `type` clients may switch on.
enum Problems {
    /// A problem as a response, for routes outside the generated handlers.
    static func response(_ problem: Components.Schemas.Problem) -> Response {
        var headers = HTTPFields()
        headers[.contentType] = "application/problem+json; charset=utf-8"
        let body = (try? JSONEncoder().encode(problem)) ?? Data()
        return Response(status: .init(code: problem.status), headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: body)))
    }

    static func response(_ problem: Components.Responses.Problem) -> Response {
        switch problem.body {
        case .applicationProblemJson(let body): response(body)
        }
    }

    static func make(_ type: String, _ title: String, status: Int, detail: String, parameter: String? = nil) -> Components.Responses.Problem {
        .init(body: .applicationProblemJson(.init(
            _type: "urn:mycandidate:problem:" + type, title: title, status: status, detail: detail, parameter: parameter
        )))
    }

    static let nothingPublished = make("nothing-published", "No dataset is published", status: 404, detail: "No candidate list has been published yet.")

    static func unknownBallot(_ key: String) -> Components.Responses.Problem {
        make("unknown-ballot", "Unknown ballot", status: 404, detail: "There is no ballot \"\(key)\".")
    }

    static func unknownArea(_ id: String, ballot: String) -> Components.Responses.Problem {
        make("unknown-area", "Unknown area", status: 404, detail: "There is no area \"\(id)\" on the \(ballot) ballot.")
    }

    static func unknownArea(_ id: String) -> Components.Responses.Problem {
        make("unknown-area", "Unknown area", status: 404, detail: "There is no area \"\(id)\".")
    }

    static func unknownParty(_ slug: String) -> Components.Responses.Problem {
        make("unknown-party", "Unknown party", status: 404, detail: "There is no party \"\(slug)\".")
    }

    static func badParameter(_ name: String, _ reason: String) -> Components.Responses.Problem {
        make("bad-parameter", "Invalid parameter", status: 400, detail: "\(name) \(reason).", parameter: name)
    }
}
