import MyCandidateStorage
import Testing

@Suite("DATABASE_URL parsing")
struct DatabaseLocationTests {
    @Test("unset or empty means the default SQLite file")
    func defaults() throws {
        #expect(try DatabaseLocation(url: nil) == .sqlite(path: "./data/mycandidate.sqlite"))
        #expect(try DatabaseLocation(url: "") == .sqlite(path: "./data/mycandidate.sqlite"))
        #expect(try DatabaseLocation(url: "  ") == .sqlite(path: "./data/mycandidate.sqlite"))
        #expect(try DatabaseLocation(url: nil, defaultSQLitePath: "/srv/x.sqlite") == .sqlite(path: "/srv/x.sqlite"))
        #expect(try DatabaseLocation.fromEnvironment([:]) == .sqlite(path: "./data/mycandidate.sqlite"))
        #expect(try DatabaseLocation.fromEnvironment(["DATABASE_URL": "sqlite:a.db"]) == .sqlite(path: "a.db"))
    }

    @Test("sqlite URLs", arguments: [
        ("sqlite:data/x.sqlite", "data/x.sqlite"),
        ("sqlite:./x.sqlite", "./x.sqlite"),
        ("sqlite:/abs/x.sqlite", "/abs/x.sqlite"),
        ("sqlite://data/x.sqlite", "data/x.sqlite"),
        ("sqlite:///abs/path/x.sqlite", "/abs/path/x.sqlite"),
        ("SQLite:x.sqlite", "x.sqlite"),
    ])
    func sqlite(url: String, path: String) throws {
        #expect(try DatabaseLocation(url: url) == .sqlite(path: path))
    }

    @Test("a full postgres URL, percent-decoded")
    func postgresFull() throws {
        let location = try DatabaseLocation(url: "postgres://app%20user:p%40ss%3Aw%2Frd@db.example.org:6543/my%20db?sslmode=require")
        #expect(location == .postgres(PostgresLocation(
            host: "db.example.org", port: 6543, username: "app user", password: "p@ss:w/rd",
            database: "my db", tls: .require
        )))
        #expect(location.description == "postgres://app%20user:***@db.example.org:6543/my%20db?sslmode=require")
        #expect(!location.description.contains("p@ss"))
        #expect(!String(describing: location).contains("w/rd"))
    }

    @Test("postgres defaults: port 5432, no password, sslmode prefer")
    func postgresDefaults() throws {
        #expect(try DatabaseLocation(url: "postgresql://postgres@127.0.0.1/postgres") == .postgres(PostgresLocation(
            host: "127.0.0.1", port: 5432, username: "postgres", password: nil, database: "postgres", tls: .prefer
        )))
        #expect(try DatabaseLocation(url: "postgres://u@h") == .postgres(PostgresLocation(
            host: "h", username: "u", database: nil
        )))
        #expect(try DatabaseLocation(url: "postgres://u:@h:1/d?sslmode=disable") == .postgres(PostgresLocation(
            host: "h", port: 1, username: "u", password: "", database: "d", tls: .disable
        )))
        #expect(try DatabaseLocation(url: "postgres://u@[::1]:5433/d?sslmode=verify-full") == .postgres(PostgresLocation(
            host: "::1", port: 5433, username: "u", database: "d", tls: .verifyFull
        )))
        #expect(try DatabaseLocation(url: "postgres://u@h/d").description == "postgres://u@h:5432/d?sslmode=prefer")
    }

    @Test("the TLS mode without sslmode is the caller's default; sslmode wins")
    func defaultTLS() throws {
        #expect(try DatabaseLocation(url: "postgres://u@h/d", defaultTLS: .verifyFull) == .postgres(PostgresLocation(
            host: "h", username: "u", database: "d", tls: .verifyFull
        )))
        #expect(try DatabaseLocation(url: "postgres://u@h/d?sslmode=require", defaultTLS: .verifyFull) == .postgres(PostgresLocation(
            host: "h", username: "u", database: "d", tls: .require
        )))
    }

    @Test("no way of printing a location shows its password")
    func redactedEverywhere() throws {
        let location = try DatabaseLocation(url: "postgres://u:Sup3rS3cret@h/d")
        var dumped = ""
        dump(location, to: &dumped)
        for text in [location.description, String(reflecting: location), "\(location)", dumped] {
            #expect(!text.contains("Sup3r"), "\(text)")
        }
        #expect(dumped.contains("***"))
    }

    @Test("a password with an unencoded @ still parses")
    func unencodedAt() throws {
        let location = try DatabaseLocation(url: "postgres://u:p@ss@h/d")
        #expect(location == .postgres(PostgresLocation(host: "h", username: "u", password: "p@ss", database: "d")))
        #expect(location.description == "postgres://u:***@h:5432/d?sslmode=prefer")
    }

    @Test("invalid URLs are refused without revealing the password", arguments: [
        "mysql://u:Sup3rS3cret@h/d",
        "Sup3rS3cret",
        "u:Sup3rS3cret@h/d",
        "postgres:u:Sup3rS3cret@h/d",
        "postgres://u:Sup3rS3cret@h:port/d",
        "postgres://u:Sup3rS3cret@h:70000/d",
        "postgres://u:Sup3rS3cret@/d",
        "postgres://:Sup3rS3cret@h/d",
        "postgres://u:Sup3rS3cret%zz@h/d",
        "postgres://u:Sup3rS3cret@h/d?sslmode=maybe",
        "postgres://u:Sup3rS3cret@h/d?timeout=5",
        "postgres://u:ab?Sup3rS3cret@h/d",
        "postgres://u:Sup3r/S3cret@h/d",
        "postgres://u:Sup3rS3cret@[::1/d",
        "sqlite:",
        "sqlite://",
    ])
    func invalid(url: String) throws {
        let error = try #require(throws: StorageError.self) { try DatabaseLocation(url: url) }
        guard case .invalidDatabaseURL(let reason) = error else {
            Issue.record("expected invalidDatabaseURL, got \(error)")
            return
        }
        #expect(!reason.isEmpty)
        #expect(!reason.contains("Sup3r"))
        #expect(!reason.contains("S3cret"))
        #expect(!error.description.contains("Sup3r"))
    }
}
