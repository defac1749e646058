import Foundation
import Hummingbird

/// The paths of the contract, read once from the served document: the methods each one has,
/// so a request the router finds no handler for can be told apart (a method the path lacks:
/// 405 with `Allow`, or a CORS preflight for OPTIONS; a path the API does not have: 404), and
/// the `maxLength` of each string query parameter of its GET, which the generated code does not
/// enforce.
struct APIRouteTable: Sendable {
    static let contractPath = "/api/openapi.json"
    static let contract = APIRouteTable(document: OpenAPIDocument.json)

    struct Route: Sendable {
        /// Path segments, `nil` where the template has a parameter.
        var segments: [Substring?]
        var methods: [HTTPRequest.Method]
        /// String query parameters of the GET operation that declare a `maxLength`.
        var maxLengths: [String: Int] = [:]
    }

    private let routes: [Route]

    init(document: String) {
        let root = (try? JSONSerialization.jsonObject(with: Data(document.utf8))) as? [String: Any] ?? [:]
        // A local `$ref` ("#/components/parameters/Limit"), followed to what it names.
        func resolve(_ value: Any?) -> [String: Any]? {
            guard let object = value as? [String: Any] else { return nil }
            guard let reference = object["$ref"] as? String, reference.hasPrefix("#/") else { return object }
            var target: Any? = root
            for key in reference.dropFirst(2).split(separator: "/") {
                target = (target as? [String: Any])?[key.replacingOccurrences(of: "~1", with: "/").replacingOccurrences(of: "~0", with: "~")]
            }
            return target as? [String: Any]
        }
        var routes = (root["paths"] as? [String: Any] ?? [:]).compactMap { template, value -> Route? in
            guard let item = resolve(value) else { return nil }
            let methods = ["get", "put", "post", "delete", "patch"].filter { item[$0] != nil }
                .compactMap { HTTPRequest.Method($0.uppercased()) }
            guard !methods.isEmpty else { return nil }
            var route = Route(segments: Self.segments(of: template).map { $0.contains("{") ? nil : $0 }, methods: methods)
            let parameters = (item["parameters"] as? [Any] ?? []) + (resolve(item["get"])?["parameters"] as? [Any] ?? [])
            for case let parameter? in parameters.map(resolve) where parameter["in"] as? String == "query" {
                if let name = parameter["name"] as? String, let maxLength = resolve(parameter["schema"])?["maxLength"] as? Int {
                    route.maxLengths[name] = maxLength
                }
            }
            return route
        }
        routes.append(Route(segments: Self.segments(of: Self.contractPath), methods: [.get]))
        self.routes = routes
    }

    private static func segments(of path: String) -> [Substring] {
        path.split(separator: "/", omittingEmptySubsequences: true)
    }

    private func matching(_ path: String) -> [Route] {
        let segments = Self.segments(of: path)
        return routes.filter { route in
            route.segments.count == segments.count
                && zip(route.segments, segments).allSatisfy { template, segment in template == nil || template == segment }
        }
    }

    /// The methods `path` answers to, as an `Allow` header lists them, or nil for a path the
    /// API does not have. HEAD comes with GET, and OPTIONS with every path.
    func allowedMethods(path: String) -> [HTTPRequest.Method]? {
        let declared = matching(path).flatMap(\.methods)
        guard !declared.isEmpty else { return nil }
        var allowed: [HTTPRequest.Method] = []
        for method in declared where !allowed.contains(method) {
            allowed.append(method)
            if method == .get { allowed.append(.head) }
        }
        return allowed + [.options]
    }

    /// The first query parameter of a GET `request` whose value is longer than the contract's
    /// `maxLength`, counted in Unicode code points as JSON Schema counts (not in the grapheme
    /// clusters `String.count` gives, which lets 101 code points with combining marks through).
    func overlongQueryParameter(in request: Request) -> (name: String, maxLength: Int)? {
        guard request.uri.query != nil else { return nil }
        let limits = matching(request.uri.path).reduce(into: [String: Int]()) { limits, route in
            limits.merge(route.maxLengths) { min($0, $1) }
        }
        guard !limits.isEmpty else { return nil }
        for (name, value) in request.uri.queryParameters {
            if let maxLength = limits[String(name)], value.unicodeScalars.count > maxLength {
                return (String(name), maxLength)
            }
        }
        return nil
    }
}
