import Foundation
import HTTPTypes
import Hummingbird
import Logging
import MyCandidateStorage
import MyCandidateAPI
import HummingbirdTesting
@testable import MyCandidateWeb
import CompressNIO
import MyCandidateCache
import MyCandidateDomain
import NIOCore
import Synchronization
import Testing

@Suite struct CachingTests {
    func withApp(_ body: @Sendable (any TestClientProtocol) async throws -> Void) async throws {
        let app = try await buildApplication(try await WebFixture.config())
        try await app.test(.router, body)
    }

    @Test func pagesCarryAVersionETagAndAnswer304WhenItMatches() async throws {
        try await withApp { client in
            let etag = try await client.execute(uri: "/ballots/ward/areas/ward-1", method: .get) { response in
                #expect(response.status == .ok)
                #expect(response.headers[.cacheControl] == "public, max-age=60, stale-while-revalidate=600")
                let etag = try #require(response.headers[.eTag])
                #expect(etag.hasPrefix("\"1-"))
                return etag
            }
            try await client.execute(uri: "/ballots/ward/areas/ward-1", method: .get, headers: [.ifNoneMatch: "\"other\", W/\(etag)"]) { response in
                #expect(response.status == .notModified)
                #expect(response.body.readableBytes == 0)
                #expect(response.headers[.eTag] == etag)
            }
            try await client.execute(uri: "/ballots/ward/areas/ward-1", method: .get, headers: [.ifNoneMatch: "\"0-stale\""]) { response in
                #expect(response.status == .ok)
                #expect(response.body.readableBytes > 0)
            }
        }
    }

    /// A cached page skips its lookups; a page that does not exist must still be looked up,
    /// even when the client sends the version's ETag, and even right after a cached one.
    @Test func aMissingPageIs404EvenWithTheCurrentETag() async throws {
        try await withApp { client in
            let etag = try await client.execute(uri: "/ballots/ward/areas/ward-1", method: .get) { try #require($0.headers[.eTag]) }
            for uri in ["/ballots/ward/areas/no-such-ward", "/ballots/no-such-ballot/areas/ward-1", "/parties/no-such-party", "/areas/no-such-area"] {
                for headers: HTTPFields in [[:], [.ifNoneMatch: etag]] {
                    try await client.execute(uri: uri, method: .get, headers: headers) { response in
                        #expect(response.status == .notFound, "\(uri) \(headers)")
                    }
                }
            }
            try await client.execute(uri: "/ballots/ward/areas/ward-1", method: .get, headers: [.ifNoneMatch: etag]) { response in
                #expect(response.status == .notModified)
            }
        }
    }

    @Test func pagesAnswerHEADWithTheirHeadersAndNoBody() async throws {
        try await withApp { client in
            for uri in ["/", "/ballots/ward/areas/ward-1", "/api/v1/ballots"] {
                try await client.execute(uri: uri, method: .head) { response in
                    #expect(response.status == .ok, "\(uri)")
                    #expect(response.body.readableBytes == 0)
                    #expect(response.headers[.eTag] != nil)
                }
            }
        }
    }

    @Test func everyResponseCarriesTheSecurityHeaders() async throws {
        try await withApp { client in
            let current = SiteURL.asset(Stylesheet.fileName(version: 1)).path
            for uri in ["/", "/ballots/ward/areas/ward-1", "/nowhere", "/healthz", "/api/v1/ballots", current, "/search?q=%zz"] {
                try await client.execute(uri: uri, method: .get) { response in
                    let csp = try #require(response.headers[.contentSecurityPolicy])
                    #expect(csp.contains("script-src 'self'"))
                    #expect(!csp.contains("unsafe-inline"))
                    #expect(csp.contains("frame-ancestors 'none'"))
                    #expect(response.headers[.xContentTypeOptions] == "nosniff")
                    #expect(response.headers[.referrerPolicy] == "strict-origin-when-cross-origin")
                    // The middleware appends its fields, so a second copy would mean a handler set one too.
                    for name in [HTTPField.Name.contentSecurityPolicy, .xContentTypeOptions, .referrerPolicy, .xFrameOptions, .xRequestID] {
                        #expect(response.headers[values: name].count == 1, "\(uri): \(name)")
                    }
                }
            }
        }
    }

    @Test func theStylesheetIsImmutableForTheServedVersionOnly() async throws {
        try await withApp { client in
            let current = SiteURL.asset(Stylesheet.fileName(version: 1)).path
            let html = try await client.execute(uri: "/", method: .get) { String(buffer: $0.body) }
            #expect(html.contains(#"<link rel="stylesheet" href="\#(current)">"#))
            try await client.execute(uri: current, method: .get) { response in
                #expect(response.status == .ok)
                #expect(response.headers[.contentType] == "text/css; charset=utf-8")
                #expect(response.headers[.cacheControl] == "public, max-age=31536000, immutable")
                let css = String(buffer: response.body)
                // The fixture's unsafe foreground colour falls back to the default.
                #expect(css.hasPrefix(":root{--nav:navy;--footer:#123456;--fg:#1b1b1b;"))
                #expect(!css.contains("body{x"))
            }
            try await client.execute(uri: SiteURL.asset(Stylesheet.fileName(version: 9)).path, method: .get) { response in
                #expect(response.status == .ok)
                #expect(response.headers[.cacheControl] == "public, max-age=60")
            }
            try await client.execute(uri: "/static/other.css", method: .get) { response in
                #expect(response.status == .notFound)
            }
        }
    }

    @Test func thePageCacheServesRepeatsAndEmptiesOnANewVersion() async throws {
        let cache = ResponseCache(byteLimit: 9)
        let renders = RenderCount()
        let render = { ByteBuffer(string: "page\(renders.next())") }
        #expect(String(buffer: try await cache.body(for: "/a", version: 1, render: render)) == "page1")
        #expect(String(buffer: try await cache.body(for: "/a", version: 1, render: render)) == "page1")
        #expect(renders.total == 1)
        // Over the byte limit: rendered, not stored.
        #expect(String(buffer: try await cache.body(for: "/b", version: 1, render: render)) == "page2")
        #expect(String(buffer: try await cache.body(for: "/b", version: 1, render: render)) == "page3")
        #expect(cache.usage.entries == 1)
        // A new version starts afresh.
        #expect(String(buffer: try await cache.body(for: "/a", version: 2, render: render)) == "page4")
        #expect(cache.usage.entries == 1)
        #expect(cache.usage.bytes == 5)
    }

    @Test func concurrentMissesRenderAPageOnce() async throws {
        let cache = ResponseCache(byteLimit: 1 << 20)
        let renders = RenderCount()
        let bodies = try await withThrowingTaskGroup(of: String.self) { group in
            for _ in 0..<50 {
                group.addTask {
                    String(buffer: try await cache.body(for: "/busy", version: 7) {
                        _ = renders.next()
                        // Slow enough that every other request arrives while this one renders.
                        Thread.sleep(forTimeInterval: 0.2)
                        return ByteBuffer(string: "rendered once")
                    })
                }
            }
            return try await group.reduce(into: []) { $0.append($1) }
        }
        #expect(bodies.count == 50 && Set(bodies) == ["rendered once"])
        #expect(renders.total == 1)

        // A failed render is not shared: the next request renders for itself.
        struct Broken: Error {}
        await #expect(throws: Broken.self) { try await cache.body(for: "/broken", version: 7) { throw Broken() } }
        #expect(String(buffer: try await cache.body(for: "/broken", version: 7) { ByteBuffer(string: "ok") }) == "ok")
    }

    @Test func ifNoneMatchFollowsRFC9110() {
        #expect(EntityTag.ifNoneMatch("*", matches: "\"1-x\""))
        #expect(EntityTag.ifNoneMatch("\"0-y\" , \"1-x\"", matches: "\"1-x\""))
        #expect(EntityTag.ifNoneMatch("W/\"1-x\"", matches: "\"1-x\""))
        #expect(!EntityTag.ifNoneMatch("\"1-y\"", matches: "\"1-x\""))
    }
}

@Suite struct CompressionTests {
    @Test(arguments: [
        ("gzip, deflate, br", true), ("br;q=1, gzip;q=0.5", true), ("gzip;q=0", false),
        ("*", true), ("identity", false), (nil, false),
    ] as [(String?, Bool)])
    func acceptEncodingIsRespected(header: String?, expected: Bool) {
        #expect(Compression.acceptsGzip(header) == expected)
    }

    @Test func pagesAreGzippedWhenAcceptedAndDecompressToThePlainPage() async throws {
        let app = try await buildApplication(try await WebFixture.config())
        try await app.test(.router) { client in
            let plain = try await client.execute(uri: "/ballots/provincial/areas/kwazulu-natal", method: .get) { response in
                #expect(response.headers[.contentEncoding] == nil)
                return response.body
            }
            try await client.execute(uri: "/ballots/provincial/areas/kwazulu-natal", method: .get, headers: [.acceptEncoding: "gzip"]) { response in
                #expect(response.headers[.contentEncoding] == "gzip")
                #expect(response.headers[.vary] == "Accept-Language, Accept-Encoding")
                #expect(response.body.readableBytes < plain.readableBytes)
                var body = response.body
                let decompressed = try body.decompress(with: .gzip())
                #expect(decompressed == plain)
            }
        }
    }
}

@Suite struct AnalyticsTests {
    @Test func noThirdPartyIsNamedUnlessTheSiteTurnsAnalyticsOn() async throws {
        let app = try await buildApplication(try await WebFixture.config())
        try await app.test(.router) { client in
            try await client.execute(uri: "/", method: .get) { response in
                #expect(!String(buffer: response.body).contains("googletagmanager"))
                #expect(response.headers[.contentSecurityPolicy]?.contains("googletagmanager") == false)
            }
        }
    }

    @Test func aMeasurementIDLoadsGtagUnderTheCSP() async throws {
        var dataset = WebFixture.dataset
        dataset.site.analyticsID = "G-ABC123XYZ"
        let app = try await buildApplication(try await WebFixture.config(publishing: dataset))
        try await app.test(.router) { client in
            try await client.execute(uri: "/", method: .get) { response in
                let html = String(buffer: response.body)
                #expect(html.contains(#"<script async src="https://www.googletagmanager.com/gtag/js?id=G-ABC123XYZ"></script>"#))
                #expect(html.contains(#"<script src="/static/\#(Analytics.setupFile)" data-id="G-ABC123XYZ" defer></script>"#))
                let csp = try #require(response.headers[.contentSecurityPolicy])
                #expect(csp.contains("script-src 'self' https://www.googletagmanager.com"))
                #expect(!csp.contains("unsafe-inline"))
            }
            try await client.execute(uri: "/static/" + Analytics.setupFile, method: .get) { response in
                #expect(response.status == .ok)
            }
        }
    }

    @Test func onlyRealMeasurementIDsAreUsed() {
        #expect(Analytics.measurementID(SiteSettings(title: "t", analyticsID: "G-ABC123")) == "G-ABC123")
        #expect(Analytics.measurementID(SiteSettings(title: "t", analyticsID: "UA-1234-1")) == "UA-1234-1")
        #expect(Analytics.measurementID(SiteSettings(title: "t", analyticsID: "G-1\"><script>")) == nil)
        #expect(Analytics.measurementID(SiteSettings(title: "t")) == nil)
        for bad in ["G-abc123", "G-ABC", "G-" + String(repeating: "A", count: 21), "UA-1234", "UA-1234-12345", "UA--1", "UA-١٢٣-1", "X-ABC123", "G-ABC123 "] {
            #expect(Analytics.measurementID(SiteSettings(title: "t", analyticsID: bad)) == nil, "\(bad)")
        }
    }
}

/// Counts renders across concurrent requests.
final class RenderCount: Sendable {
    private let count = Mutex(0)

    func next() -> Int { count.withLock { $0 += 1; return $0 } }
    var total: Int { count.withLock { $0 } }
}

@Suite struct QueryCacheTests {
    func body(_ cache: QueryCache, _ key: String, version: Int = 1, renders: RenderCount) -> String {
        String(buffer: cache.body(for: key, version: version) { ByteBuffer(string: "\(key):\(renders.next())") })
    }

    @Test func repeatsAreServedAndANewVersionStartsAfresh() {
        let cache = QueryCache(byteLimit: 1 << 10)
        let renders = RenderCount()
        #expect(body(cache, "a", renders: renders) == "a:1")
        #expect(body(cache, "a", renders: renders) == "a:1")
        #expect(body(cache, "b", renders: renders) == "b:2")
        #expect(cache.usage.entries == 2)
        #expect(body(cache, "a", version: 2, renders: renders) == "a:3")
        #expect(cache.usage.entries == 1)
    }

    /// Each entry here is 4 bytes (a 1-byte key and a 3-byte body); a generation holds 3.
    @Test func aQueryAskedAgainOutlivesOneOffQueries() {
        let cache = QueryCache(byteLimit: 24)
        let renders = RenderCount()
        #expect(body(cache, "p", renders: renders) == "p:1")
        for key in ["a", "b"] { _ = body(cache, key, renders: renders) }
        // The fourth entry starts a new generation; the first three become the previous one.
        _ = body(cache, "c", renders: renders)
        #expect(cache.usage.entries == 4)
        // Asked again, "p" moves into the current generation...
        #expect(body(cache, "p", renders: renders) == "p:1")
        // ...so when the next rotation drops the previous one (a and b), "p" is still there.
        for key in ["d", "e"] { _ = body(cache, key, renders: renders) }
        #expect(body(cache, "p", renders: renders) == "p:1")
        #expect(body(cache, "a", renders: renders) == "a:7")
        #expect(renders.total == 7)
        // Never more than the limit: two generations of at most three entries.
        #expect(cache.usage.entries <= 6 && cache.usage.currentBytes <= 12)
    }

    @Test func aBodyTooLargeForAGenerationIsServedButNotKept() {
        let cache = QueryCache(byteLimit: 8)
        let renders = RenderCount()
        #expect(body(cache, "long", renders: renders) == "long:1")
        #expect(body(cache, "long", renders: renders) == "long:2")
        #expect(cache.usage.entries == 0)
    }

    @Test func searchAnswersAreKeptPerLanguageAndVersion() async throws {
        let (repository, store) = try await WebFixture.servedStore()
        let cache = QueryCache(byteLimit: 1 << 20)
        let router = Router()
        SearchController(store: store, views: try Views(), cache: cache).addRoutes(to: router)
        try await Application(router: router).test(.router) { client in
            let english = try await client.execute(uri: "/search?q=harbour", method: .get) { String(buffer: $0.body) }
            #expect(try await client.execute(uri: "/search?q=harbour", method: .get) { String(buffer: $0.body) } == english)
            #expect(cache.usage.entries == 1)
            // The language from Accept-Language is part of the key, as is the path.
            let swahili = try await client.execute(uri: "/search?q=harbour", method: .get, headers: [.acceptLanguage: "sw"]) {
                String(buffer: $0.body)
            }
            #expect(swahili.contains("<h1>Tafuta eneo lako</h1>") && !english.contains("Tafuta"))
            _ = try await client.execute(uri: "/search/suggest?q=harbour", method: .get) { $0.status }
            #expect(cache.usage.entries == 3)
            // Refused queries are not kept.
            let refused = try await client.execute(uri: "/search?q=" + String(repeating: "a", count: 101), method: .get) { $0.status }
            #expect(refused == .badRequest && cache.usage.entries == 3)

            var dataset = WebFixture.dataset
            dataset.areas = dataset.areas.map { area in
                guard area.id == "ward-1" else { return area }
                return Area(id: area.id, code: area.code, name: "Harbour Heights", level: area.level, parentID: area.parentID)
            }
            _ = try await repository.store(dataset, sources: [], publish: true)
            _ = try await store.refresh(from: repository, logger: Logger(label: "test"))
            try await client.execute(uri: "/search?q=harbour", method: .get) { response in
                #expect(String(buffer: response.body).contains(">Harbour Heights</a>"))
            }
            #expect(cache.usage.entries == 1)
        }
        await repository.shutdown()
    }
}
