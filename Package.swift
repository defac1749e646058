// swift-tools-version:6.1
import PackageDescription

/// Settings every MyCandidate target shares: Swift 6 language mode (strict concurrency) and
/// explicit `any` for existentials.
let swiftSettings: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
]

let package = Package(
    name: "mycandidate",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "mycandidate", targets: ["MyCandidateCLI"]),
    ],
    dependencies: [
        .package(url: "https://github.com/adam-fowler/compress-nio.git", from: "1.5.0"),
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.5.0"),
        .package(url: "https://github.com/apple/swift-crypto.git", "3.9.0"..<"5.0.0"),
        .package(url: "https://github.com/apple/swift-http-types.git", from: "1.0.0"),
        .package(url: "https://github.com/apple/swift-distributed-tracing.git", from: "1.1.0"),
        .package(url: "https://github.com/apple/swift-log.git", from: "1.16.0"),
        .package(url: "https://github.com/apple/swift-metrics.git", from: "2.4.0"),
        .package(url: "https://github.com/apple/swift-nio.git", from: "2.80.0"),
        .package(url: "https://github.com/apple/swift-nio-ssl.git", from: "2.37.0"),
        .package(url: "https://github.com/apple/swift-openapi-generator.git", from: "1.10.0"),
        .package(url: "https://github.com/apple/swift-openapi-runtime.git", from: "1.8.0"),
        .package(url: "https://github.com/hummingbird-project/swift-openapi-hummingbird.git", from: "2.0.0"),
        .package(url: "https://github.com/hummingbird-project/hummingbird.git", from: "2.28.0"),
        .package(url: "https://github.com/hummingbird-project/hummingbird-auth.git", from: "2.5.0"),
        .package(url: "https://github.com/hummingbird-project/swift-mustache.git", from: "2.0.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus.git", from: "2.4.0"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle.git", from: "2.6.0"),
        // OTLP over HTTP only: the ADOT sidecar takes it on 4318, and leaving out the gRPC
        // trait keeps grpc-swift out of the build.
        .package(url: "https://github.com/swift-otel/swift-otel.git", from: "1.6.0", traits: ["OTLPHTTP"]),
        .package(url: "https://github.com/vapor/multipart-kit.git", from: "4.7.0"),
        .package(url: "https://github.com/vapor/postgres-nio.git", from: "1.30.0"),
        .package(url: "https://github.com/vapor/sqlite-nio.git", from: "1.12.0"),
        .package(url: "https://github.com/weichsel/ZIPFoundation.git", from: "0.9.19"),
    ],
    targets: [
        // Domain: the data model and the display grouping; no dependencies.
        .target(
            name: "MyCandidateDomain",
            swiftSettings: swiftSettings
        ),
        // Import: CSV and .xlsx readers, header matching, cleaning, the bundled demo dataset.
        .target(
            name: "MyCandidateImport",
            dependencies: [
                "MyCandidateDomain",
                "CZlibShim",
                .product(name: "Crypto", package: "swift-crypto"),
            ],
            swiftSettings: swiftSettings
        ),
        // zlib for the import's zip reader (MyCandidateImport/ZipArchive.swift). Not "CZlib":
        // ZIPFoundation, which the tests still use to write workbooks, has a module of that name.
        .systemLibrary(name: "CZlibShim", providers: [.apt(["zlib1g-dev"])]),
        // Storage: one repository protocol, SQLite and PostgreSQL implementations, migrations.
        .target(
            name: "MyCandidateStorage",
            dependencies: [
                "MyCandidateDomain",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "SQLiteNIO", package: "sqlite-nio"),
            ],
            swiftSettings: swiftSettings
        ),
        // Cache: the immutable in-memory snapshot of the published dataset and its swapping.
        .target(
            name: "MyCandidateCache",
            dependencies: [
                "MyCandidateDomain",
                "MyCandidateStorage",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "Tracing", package: "swift-distributed-tracing"),
            ],
            swiftSettings: swiftSettings
        ),
        // Redis: a focused RESP2 client on SwiftNIO (pool, pipelining, AUTH, TLS, reconnects,
        // pub/sub), written here because no Redis package is resolvable.
        .target(
            name: "MyCandidateRedis",
            dependencies: [
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Tracing", package: "swift-distributed-tracing"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "NIOTLS", package: "swift-nio"),
            ],
            swiftSettings: swiftSettings
        ),
        // API: the open data API, generated from its OpenAPI document (spec first, so handlers
        // cannot drift from the contract).
        .target(
            name: "MyCandidateAPI",
            dependencies: [
                "MyCandidateCache",
                "MyCandidateDomain",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "OpenAPIHummingbird", package: "swift-openapi-hummingbird"),
                .product(name: "OpenAPIRuntime", package: "swift-openapi-runtime"),
            ],
            swiftSettings: swiftSettings,
            plugins: [.plugin(name: "OpenAPIGenerator", package: "swift-openapi-generator")]
        ),
        // Web: configuration, `buildApplication`, routes, views and templates (compiled in, so the
        // binary is the whole deployable).
        .target(
            name: "MyCandidateWeb",
            dependencies: [
                "MyCandidateAPI",
                "MyCandidateDomain",
                "MyCandidateImport",
                "MyCandidateStorage",
                "MyCandidateCache",
                "MyCandidateRedis",
                .product(name: "CompressNIO", package: "compress-nio"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdAuth", package: "hummingbird-auth"),
                .product(name: "HummingbirdBcrypt", package: "hummingbird-auth"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "Mustache", package: "swift-mustache"),
                .product(name: "MultipartKit", package: "multipart-kit"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "CoreMetrics", package: "swift-metrics"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "OTel", package: "swift-otel"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "Tracing", package: "swift-distributed-tracing"),
            ],
            swiftSettings: swiftSettings
        ),
        // CLI: the `mycandidate` binary and its subcommands; kept thin.
        .executableTarget(
            name: "MyCandidateCLI",
            dependencies: [
                "MyCandidateDomain",
                "MyCandidateImport",
                "MyCandidateRedis",
                "MyCandidateStorage",
                "MyCandidateWeb",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: swiftSettings
        ),
        // Test support shared by the test targets: a private `redis-server` per test (stopped and
        // restarted at will) and the helpers it needs. A regular target, since one test target
        // cannot import another.
        .target(
            name: "MyCandidateTestSupport",
            dependencies: [
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
            ],
            path: "Tests/Support",
            swiftSettings: swiftSettings
        ),
        // The fuzzers' entry points, a library of their own so that plain `swift test` replays
        // the fuzz corpus and every crash kept through them (see Tests/Fuzz/run.sh).
        .target(
            name: "MyCandidateFuzzHarness",
            dependencies: ["MyCandidateDomain", "MyCandidateImport"],
            path: "Tests/Fuzz/Harness",
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "MyCandidateDomainTests",
            dependencies: ["MyCandidateDomain"],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "MyCandidateImportTests",
            dependencies: [
                "MyCandidateFuzzHarness",
                "MyCandidateImport",
                "MyCandidateTestSupport",
                .product(name: "ZIPFoundation", package: "ZIPFoundation"),
            ],
            resources: [.copy("Fixtures")],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "MyCandidateStorageTests",
            dependencies: [
                "MyCandidateDomain",
                "MyCandidateStorage",
                "MyCandidateTestSupport",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "PostgresNIO", package: "postgres-nio"),
            ],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "MyCandidateCacheTests",
            dependencies: [
                "MyCandidateCache",
                "MyCandidateDomain",
                "MyCandidateStorage",
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "MyCandidateRedisTests",
            dependencies: [
                "MyCandidateRedis",
                "MyCandidateTestSupport",
                .product(name: "InMemoryTracing", package: "swift-distributed-tracing"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOEmbedded", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "Tracing", package: "swift-distributed-tracing"),
            ],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "MyCandidateWebTests",
            dependencies: [
                "MyCandidateAPI",
                "MyCandidateWeb",
                "MyCandidateCache",
                "MyCandidateRedis",
                "MyCandidateTestSupport",
                .product(name: "CompressNIO", package: "compress-nio"),
                .product(name: "HummingbirdTesting", package: "hummingbird"),
                .product(name: "InMemoryTracing", package: "swift-distributed-tracing"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOEmbedded", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "OTel", package: "swift-otel"),
                .product(name: "Tracing", package: "swift-distributed-tracing"),
                .product(name: "ZIPFoundation", package: "ZIPFoundation"),
            ],
            // Read from the source tree by #filePath, so they are not bundled resources.
            exclude: ["Snapshots"],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "MyCandidateCLITests",
            dependencies: ["MyCandidateStorage", "MyCandidateImport", "MyCandidateTestSupport"],
            swiftSettings: swiftSettings
        ),
    ],
    swiftLanguageModes: [.v6]
)

// The libFuzzer targets exist only when Tests/Fuzz/run.sh asks for them: they link only with
// `-sanitize=fuzzer` (libFuzzer brings `main`), so a plain `swift build` must not see them.
if Context.environment["MYCANDIDATE_FUZZ"] == "1" {
    // No fuzzer depends on a target that uses a build plugin, but SwiftPM would still build the
    // plugins' tools, with the sanitizers (which they cannot link with) and for minutes.
    for target in package.targets { target.plugins = nil }
    package.targets.append(.target(name: "MyCandidateFuzzDriver", path: "Tests/Fuzz/Driver", swiftSettings: swiftSettings))
    for name in ["FuzzCSV", "FuzzXLSX"] {
        package.targets.append(.executableTarget(
            name: name,
            dependencies: ["MyCandidateFuzzDriver", "MyCandidateFuzzHarness"],
            path: "Tests/Fuzz/\(name)",
            // The entry point is libFuzzer's `main`, not top-level code.
            swiftSettings: swiftSettings + [.unsafeFlags(["-parse-as-library"])]
        ))
    }
}
