// swift-tools-version:6.0
import PackageDescription

let package = Package(
    name: "ClinicLedger",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "clinicledger", targets: ["clinicledger"]),
    ],
    dependencies: [
        .package(url: "https://github.com/hummingbird-project/hummingbird.git", from: "2.28.1"),
        .package(url: "https://github.com/hummingbird-project/hummingbird-auth.git", from: "2.5.0"),
        .package(url: "https://github.com/vapor/postgres-nio.git", from: "1.33.2"),
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-crypto.git", "3.12.3"..<"5.0.0"),
        .package(url: "https://github.com/vapor/jwt-kit.git", from: "5.7.1"),
        .package(url: "https://github.com/apple/swift-log.git", from: "1.16.2"),
        .package(url: "https://github.com/jpsim/Yams.git", from: "5.0.1"),
        .package(url: "https://github.com/apple/swift-http-types.git", from: "1.8.0"),
        .package(url: "https://github.com/swift-server/async-http-client.git", from: "1.37.0"),
        .package(url: "https://github.com/apple/swift-nio.git", from: "2.101.2"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle.git", from: "2.13.0"),
    ],
    targets: [
        // librdkafka, from Debian's librdkafka-dev (pkg-config rdkafka).
        .systemLibrary(
            name: "CRdKafka",
            pkgConfig: "rdkafka",
            providers: [.apt(["librdkafka-dev"])]
        ),
        // Swift face of Kafka: bytes and headers, nothing of patients.
        .target(name: "EventLog", dependencies: ["CRdKafka"]),
        // Pure domain: value types, commands, events, deciders. Foundation only.
        .target(name: "Domain"),
        // Event envelope <-> Kafka record, JSON coding, CloudEvents headers.
        // (Crypto: SHA-256 of the per-organization event hash chain.)
        .target(name: "EventStore", dependencies: ["Domain", "EventLog", .product(name: "Crypto", package: "swift-crypto")]),
        // Command router, partition writers, decision-state rebuild, idempotency.
        // (Not "Application": that name is Hummingbird's server type.)
        .target(name: "CommandHandling", dependencies: [
            "Domain", "EventStore",
            .product(name: "Logging", package: "swift-log"),
        ]),
        // PostgreSQL read models: migrations, projector, queries.
        .target(name: "ReadModels", dependencies: [
            "Domain", "EventStore",
            .product(name: "PostgresNIO", package: "postgres-nio"),
            .product(name: "Logging", package: "swift-log"),
        ], resources: [.copy("Migrations")]),
        // HTTP: one folder per dialect (routes, auth, request context, error envelope, renderers).
        .target(name: "HTTPAPI", dependencies: [
            "CommandHandling", "ReadModels",
            .product(name: "Hummingbird", package: "hummingbird"),
            .product(name: "HummingbirdAuth", package: "hummingbird-auth"),
            .product(name: "NIOConcurrencyHelpers", package: "swift-nio"),
            .product(name: "Crypto", package: "swift-crypto"),
            .product(name: "HTTPTypes", package: "swift-http-types"),
            // SPRY's bearer tokens (JWT): verified with each organization's declared key.
            .product(name: "JWTKit", package: "jwt-kit"),
        ]),
        // Composition root: starts PostgreSQL client, broker, writers, projector and HTTP in order.
        .target(name: "Runtime", dependencies: [
            "EventLog", "EventStore", "CommandHandling", "ReadModels", "HTTPAPI",
            .product(name: "Hummingbird", package: "hummingbird"),
            .product(name: "PostgresNIO", package: "postgres-nio"),
            .product(name: "Logging", package: "swift-log"),
        ]),
        .executableTarget(name: "clinicledger", dependencies: [
            // CRdKafka: the benches' raw producer, the write path's yardstick, is librdkafka alone.
            "CRdKafka", "EventLog", "EventStore", "CommandHandling", "ReadModels", "HTTPAPI", "Runtime",
            .product(name: "ArgumentParser", package: "swift-argument-parser"),
            .product(name: "Yams", package: "Yams"),
            .product(name: "Hummingbird", package: "hummingbird"),
            .product(name: "AsyncHTTPClient", package: "async-http-client"),
            .product(name: "PostgresNIO", package: "postgres-nio"),
            .product(name: "Logging", package: "swift-log"),
            .product(name: "NIOCore", package: "swift-nio"),
            .product(name: "NIOPosix", package: "swift-nio"),
            .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
        ]),
        .testTarget(name: "DomainTests", dependencies: ["Domain"]),
        .testTarget(name: "EventLogTests", dependencies: ["EventLog"]),
        .testTarget(name: "ContractTests", dependencies: ["Domain", "EventStore"]),
        .testTarget(name: "IntegrationTests", dependencies: [
            "Domain", "EventLog", "EventStore", "CommandHandling", "ReadModels", "HTTPAPI", "Runtime",
            .product(name: "Yams", package: "Yams"),
            .product(name: "PostgresNIO", package: "postgres-nio"),
            .product(name: "AsyncHTTPClient", package: "async-http-client"),
            .product(name: "Hummingbird", package: "hummingbird"),
            .product(name: "HummingbirdTesting", package: "hummingbird"),
            .product(name: "JWTKit", package: "jwt-kit"),
            .product(name: "Crypto", package: "swift-crypto"),
        ]),
    ],
    swiftLanguageModes: [.v6]
)
