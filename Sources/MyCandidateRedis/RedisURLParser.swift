import Foundation

/// Parses `redis://` and `rediss://` URLs by hand rather than with `URLComponents`, which
/// rejects some unencoded passwords.
///
/// Errors never quote any part of the URL: when a URL is malformed, a password may sit where
/// the scheme, port or database was expected.
enum RedisURLParser {
    static func parse(_ url: String) throws -> RedisConfiguration {
        func invalid(_ reason: String) -> RedisError { .invalidConfiguration(reason) }
        let expected = "expected redis://[[user]:password@]host[:port][/db] or rediss://..."

        guard let schemeEnd = url.range(of: "://") else { throw invalid("the Redis URL has no scheme; \(expected)") }
        let scheme = url[..<schemeEnd.lowerBound]
        let useTLS: Bool
        switch scheme.lowercased() {
        case "redis": useTLS = false
        case "rediss": useTLS = true
        default:
            // Not echoed: text that is not a Redis URL may be a password pasted in the wrong place.
            throw invalid("unsupported scheme; \(expected)")
        }
        var remainder = url[schemeEnd.upperBound...]

        // The password may hold an unencoded "/", "?" or "#", so user information is split off
        // first, at the last "@" (a host never contains one).
        var userInfo: Substring?
        if let at = remainder.lastIndex(of: "@") {
            userInfo = remainder[..<at]
            remainder = remainder[remainder.index(after: at)...]
        }
        if remainder.contains("?") || remainder.contains("#") {
            throw invalid("the Redis URL has a query or fragment; none is supported")
        }
        var databasePart: Substring?
        if let slash = remainder.firstIndex(of: "/") {
            databasePart = remainder[remainder.index(after: slash)...]
            remainder = remainder[..<slash]
        }

        var username: String?
        var password: String?
        if let userInfo {
            let rawUser: Substring
            var rawPassword: Substring?
            if let colon = userInfo.firstIndex(of: ":") {
                rawUser = userInfo[..<colon]
                rawPassword = userInfo[userInfo.index(after: colon)...]
            } else {
                rawUser = userInfo
            }
            guard let user = String(rawUser).removingPercentEncoding else {
                throw invalid("the Redis URL has a badly percent-encoded user name")
            }
            username = user.isEmpty ? nil : user
            if let rawPassword {
                guard let decoded = String(rawPassword).removingPercentEncoding else {
                    throw invalid("the Redis URL has a badly percent-encoded password")
                }
                password = decoded.isEmpty ? nil : decoded
            }
        }

        var host: Substring
        var portText: Substring?
        if remainder.hasPrefix("[") {
            guard let close = remainder.firstIndex(of: "]") else { throw invalid("unterminated IPv6 address in the Redis URL") }
            host = remainder[remainder.index(after: remainder.startIndex)..<close]
            let after = remainder[remainder.index(after: close)...]
            if !after.isEmpty {
                guard after.hasPrefix(":") else { throw invalid("unexpected text after the IPv6 address in the Redis URL") }
                portText = after.dropFirst()
            }
        } else if let colon = remainder.lastIndex(of: ":") {
            host = remainder[..<colon]
            portText = remainder[remainder.index(after: colon)...]
        } else {
            host = remainder
        }
        guard !host.isEmpty else { throw invalid("the Redis URL has no host; \(expected)") }
        guard host.allSatisfy({ $0.isASCII && !$0.isWhitespace }) else {
            throw invalid("the Redis URL's host has spaces or non-ASCII characters")
        }

        var port = RedisConfiguration.defaultPort
        if let portText {
            guard let value = Int(portText), (1...65_535).contains(value) else {
                throw invalid("the Redis URL's port is not a number from 1 to 65535")
            }
            port = value
        }
        var database = 0
        if let databasePart, !databasePart.isEmpty {
            guard let value = Int(databasePart), value >= 0 else {
                throw invalid("the Redis URL's database is not a number of 0 or more")
            }
            database = value
        }
        return RedisConfiguration(
            host: String(host),
            port: port,
            username: username,
            password: password,
            database: database,
            tls: useTLS ? RedisConfiguration.TLS() : nil
        )
    }
}
