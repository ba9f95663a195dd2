// swift-tools-version:6.1
import PackageDescription

let strictSwift: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
]

let package = Package(
    name: "TacoTracker",
    platforms: [.macOS(.v14)],
    products: [
        .library(name: "TacoKit", targets: ["TacoKit"]),
        .library(name: "TacoIntegrations", targets: ["TacoIntegrations"]),
        .executable(name: "taco-admin", targets: ["taco-admin"]),
        .executable(name: "taco-vendor", targets: ["taco-vendor"]),
        .executable(name: "taco-jobs", targets: ["taco-jobs"]),
        .executable(name: "taco-bench", targets: ["taco-bench"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-crypto", from: "3.12.3"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1"),
        .package(url: "https://github.com/hummingbird-project/hummingbird-websocket", from: "2.8.1"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.3"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.13.0"),
    ],
    targets: [
        .systemLibrary(name: "CLibPQ", pkgConfig: "libpq", providers: [.apt(["libpq-dev"])]),
        .systemLibrary(name: "CLibXML2", pkgConfig: "libxml-2.0", providers: [.apt(["libxml2-dev"])]),
        .systemLibrary(name: "CZlib", pkgConfig: "zlib", providers: [.apt(["zlib1g-dev"])]),
        .systemLibrary(name: "CLibXMLSec", pkgConfig: "xmlsec1-openssl", providers: [.apt(["libxmlsec1-dev"])]),
        .target(
            name: "TacoKit",
            dependencies: [
                "CLibPQ",
                "CZlib",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Yams", package: "Yams"),
            ],
            exclude: ["Schema/Migrations", "Schema/Demo"],
            swiftSettings: strictSwift,
            plugins: ["EmbedSQL"]
        ),
        // XML/SAML/HR feeds and the HTTP clients (Stripe, outbox providers) live apart from TacoKit so that
        // taco-vendor links neither libxml2/libxmlsec1 nor libcurl: each shared library costs start-up time on
        // every short command (see README, "Performance").
        .target(
            name: "TacoIntegrations",
            dependencies: [
                "TacoKit",
                "CLibXML2",
                "CLibXMLSec",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "_CryptoExtras", package: "swift-crypto"),
            ],
            swiftSettings: strictSwift
        ),
        .executableTarget(name: "embed-sql", path: "Sources/embed-sql"),
        .plugin(name: "EmbedSQL", capability: .buildTool(), dependencies: ["embed-sql"]),
        .executableTarget(name: "taco-admin", dependencies: ["TacoKit", "TacoIntegrations"], swiftSettings: strictSwift),
        .executableTarget(name: "taco-vendor", dependencies: ["TacoKit"], swiftSettings: strictSwift),
        .executableTarget(
            name: "taco-jobs",
            dependencies: [
                "TacoKit",
                "TacoIntegrations",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdCore", package: "hummingbird"),
                .product(name: "HummingbirdWebSocket", package: "hummingbird-websocket"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            swiftSettings: strictSwift
        ),
        .executableTarget(name: "taco-bench", dependencies: ["TacoKit", "TacoIntegrations"], swiftSettings: strictSwift),
        .target(name: "TacoTestSupport", dependencies: ["TacoKit", "TacoIntegrations"], path: "Tests/TacoTestSupport", swiftSettings: strictSwift),
        .testTarget(name: "TacoKitTests", dependencies: ["TacoKit", "TacoIntegrations", "TacoTestSupport", "taco-vendor"], swiftSettings: strictSwift),
        .testTarget(name: "EndToEndTests", dependencies: ["TacoKit", "TacoIntegrations", "TacoTestSupport"], swiftSettings: strictSwift),
    ],
    swiftLanguageModes: [.v6]
)
