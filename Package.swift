// swift-tools-version: 6.1
// Mandat: tracks the payment chain of French public bodies.
import PackageDescription

let upcoming: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
]

let package = Package(
    name: "Mandat",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "mandat", targets: ["mandat"]),
        .library(name: "MandatCore", targets: ["MandatCore"]),
        .library(name: "MandatFormats", targets: ["MandatFormats"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/apple/swift-log", from: "1.6.0"),
        .package(url: "https://github.com/vapor/sql-kit", from: "3.30.0"),
        .package(url: "https://github.com/vapor/sqlite-kit", from: "4.5.0"),
        .package(url: "https://github.com/vapor/postgres-kit", from: "2.13.0"),
        .package(url: "https://github.com/jpsim/Yams", from: "5.0.0"),
        .package(url: "https://github.com/apple/swift-crypto", "3.0.0"..<"5.0.0"),
        .package(url: "https://github.com/hummingbird-project/swift-mustache", from: "2.0.0"),
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.0.0"),
        .package(url: "https://github.com/hummingbird-project/hummingbird-auth", from: "2.0.0"),
    ],
    targets: [
        // C: libxml2 as a system library, and the few forwarders Swift cannot express.
        .systemLibrary(
            name: "CLibXML2",
            pkgConfig: "libxml-2.0",
            providers: [.apt(["libxml2-dev"])]
        ),
        .target(name: "CMandatXML", dependencies: ["CLibXML2"]),

        // The only module that touches libxml2: a safe streaming reader.
        .target(name: "MandatXML", dependencies: ["CLibXML2", "CMandatXML"], swiftSettings: upcoming),

        // The domain, no dependencies: identifiers, money, dates, events, dossiers, the law.
        .target(name: "MandatCore", swiftSettings: upcoming),

        // XML and JSON files into domain values; format detection.
        .target(name: "MandatFormats", dependencies: ["MandatXML", "MandatCore"], swiftSettings: upcoming),

        // Storage: SQLite (default) and PostgreSQL behind one protocol; import.
        .target(
            name: "MandatStore",
            dependencies: [
                "MandatCore", "MandatFormats",
                .product(name: "SQLKit", package: "sql-kit"),
                .product(name: "SQLiteKit", package: "sqlite-kit"),
                .product(name: "PostgresKit", package: "postgres-kit"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Crypto", package: "swift-crypto"),
            ],
            swiftSettings: upcoming
        ),

        // Digests, boards, call sheets, letters: text, Markdown, HTML, JSON, CSV, ICS.
        .target(
            name: "MandatReports",
            dependencies: [
                "MandatCore", "MandatStore",
                .product(name: "Mustache", package: "swift-mustache"),
                .product(name: "Yams", package: "Yams"),
            ],
            swiftSettings: upcoming
        ),

        // The web dashboard and JSON API (`mandat serve`).
        .target(
            name: "MandatServer",
            dependencies: [
                "MandatCore", "MandatStore", "MandatReports",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdBcrypt", package: "hummingbird-auth"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Mustache", package: "swift-mustache"),
            ],
            swiftSettings: upcoming
        ),

        // The command-line tool.
        .executableTarget(
            name: "mandat",
            dependencies: [
                "MandatCore", "MandatFormats", "MandatStore", "MandatReports", "MandatXML", "MandatServer",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: upcoming
        ),

        // Benchmarks of the XML reader and of the dossier state (`swift run -c release mandat-bench xml|hostile|dossiers`): not a test.
        .executableTarget(
            name: "mandat-bench",
            dependencies: [
                "MandatXML", "MandatCore", "MandatFormats", "MandatStore",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Crypto", package: "swift-crypto"),
            ],
            swiftSettings: upcoming
        ),

        .testTarget(name: "MandatXMLTests", dependencies: ["MandatXML"], swiftSettings: upcoming),
        .testTarget(name: "MandatCoreTests", dependencies: ["MandatCore"], swiftSettings: upcoming),
        .testTarget(
            name: "MandatFormatsTests",
            dependencies: ["MandatFormats", "MandatCore", "MandatXML"],
            swiftSettings: upcoming
        ),
        .testTarget(
            name: "MandatStoreTests",
            dependencies: ["MandatStore", "MandatCore", "MandatFormats"],
            swiftSettings: upcoming
        ),
        .testTarget(
            name: "MandatReportsTests",
            dependencies: ["MandatReports", "MandatStore", "MandatCore"],
            swiftSettings: upcoming
        ),
        .testTarget(name: "MandatCLITests", dependencies: ["mandat"], swiftSettings: upcoming),
        .testTarget(
            name: "MandatServerTests",
            dependencies: [
                "MandatServer", "MandatCore", "MandatReports", "MandatStore",
                .product(name: "HummingbirdTesting", package: "hummingbird"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: upcoming
        ),
    ],
    swiftLanguageModes: [.v6]
)
