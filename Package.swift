// swift-tools-version:6.1
import PackageDescription

let package = Package(
    name: "paicha",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "paicha", targets: ["paicha"]),
        .library(name: "PaichaCore", targets: ["PaichaCore"]),
        .library(name: "PaichaCapture", targets: ["PaichaCapture"]),
        .library(name: "PaichaMining", targets: ["PaichaMining"]),
        .library(name: "PaichaEstimates", targets: ["PaichaEstimates"]),
        .library(name: "PaichaTrades", targets: ["PaichaTrades"]),
        .library(name: "PaichaFunds", targets: ["PaichaFunds"]),
        .library(name: "PaichaReport", targets: ["PaichaReport"]),
        .library(name: "PaichaScan", targets: ["PaichaScan"]),
        .library(name: "PaichaHost", targets: ["PaichaHost"]),
        .library(name: "PaichaFixtures", targets: ["PaichaFixtures"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-crypto", from: "3.12.3"),
    ],
    targets: [
        // MARK: - Targets

        /// Nouns shared by every part: addresses, timestamps, findings, evidence, byte reading. No I/O.
        .target(name: "PaichaCore"),
        /// Capture files (pcap, pcapng, gzip, stdin) → packets → IP/TCP/UDP → flows and TCP streams.
        .target(
            name: "PaichaCapture",
            dependencies: ["PaichaCore", "CZlib", "CPaichaSupport"]
        ),
        /// Processor hints C has and Swift has not (a cache prefetch), as inline functions.
        .target(name: "CPaichaSupport"),
        /// Recognising mining: JSON, Stratum dialects, HTTP getwork, Stratum V2, DNS, TLS SNI, pool indicators.
        .target(
            name: "PaichaMining",
            dependencies: ["PaichaCore", "PaichaCapture"],
            resources: [.copy("Resources/pools.json")]
        ),
        /// Attribution and estimates: organizations by CIDR, hash rate with intervals, power, energy and cost.
        .target(
            name: "PaichaEstimates",
            dependencies: ["PaichaCore"],
            resources: [.copy("Resources/profiles.json")]
        ),
        /// Trade tapes: readers, digit tests, round lots, tails, wash trades, outages, scorecards.
        .target(
            name: "PaichaTrades",
            dependencies: ["PaichaCore", .product(name: "Crypto", package: "swift-crypto")]
        ),
        /// Ledgers: readers, a temporal multigraph, laundering typologies, fund tracing.
        .target(
            name: "PaichaFunds",
            dependencies: ["PaichaCore"]
        ),
        /// Host sweeps: processes, sockets, persistence, hiding and miner files on a live system or an image.
        .target(
            name: "PaichaHost",
            dependencies: ["PaichaCore", "PaichaMining", .product(name: "Crypto", package: "swift-crypto")],
            resources: [.copy("Resources/host-indicators.json")]
        ),
        /// The network scan pipeline: flows, TCP streams, protocol dispatch, hosts and their sessions.
        .target(
            name: "PaichaScan",
            dependencies: [
                "PaichaCore", "PaichaCapture", "PaichaMining", .product(name: "Crypto", package: "swift-crypto"),
            ]
        ),
        /// One report layer: the scan and host-sweep documents and their JSON, JSONL, CSV and terminal forms.
        .target(
            name: "PaichaReport",
            dependencies: [
                "PaichaCore", "PaichaMining", "PaichaScan", "PaichaEstimates", "PaichaHost",
            ]
        ),
        /// Writes realistic captures of every mining dialect and ordinary traffic, for tests, samples and benchmarks.
        .target(
            name: "PaichaFixtures",
            dependencies: ["PaichaCore", "CZlib"]
        ),
        .systemLibrary(
            name: "CZlib",
            path: "Sources/CZlib",
            pkgConfig: "zlib",
            providers: [.apt(["zlib1g-dev"])]
        ),
        .executableTarget(
            name: "paicha",
            dependencies: [
                "PaichaCore", "PaichaCapture", "PaichaMining", "PaichaScan", "PaichaReport", "PaichaFixtures",
                "PaichaTrades", "PaichaFunds", "PaichaHost",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),

        // MARK: - Tests

        .target(
            name: "PaichaTestSupport",
            dependencies: ["PaichaCore", "PaichaFixtures"],
            path: "Tests/PaichaTestSupport"
        ),
        .testTarget(name: "PaichaCoreTests", dependencies: ["PaichaCore", "PaichaFixtures", "PaichaTestSupport"]),
        .testTarget(
            name: "PaichaCaptureTests",
            dependencies: ["PaichaCapture", "PaichaFixtures", "PaichaTestSupport"]
        ),
        .testTarget(
            name: "PaichaMiningTests",
            dependencies: ["PaichaMining", "PaichaFixtures", "PaichaTestSupport"]
        ),
        .testTarget(
            name: "PaichaScanTests",
            dependencies: ["PaichaScan", "PaichaFixtures", "PaichaTestSupport"]
        ),
        .testTarget(name: "PaichaEstimatesTests", dependencies: ["PaichaEstimates", "PaichaTestSupport"]),
        .testTarget(name: "PaichaTradesTests", dependencies: ["PaichaTrades", "PaichaTestSupport"]),
        .testTarget(name: "PaichaFundsTests", dependencies: ["PaichaFunds", "PaichaTestSupport"]),
        .testTarget(
            name: "PaichaHostTests",
            dependencies: ["PaichaHost", "PaichaMining", "PaichaFixtures", "PaichaTestSupport"],
            exclude: ["Golden"]
        ),
        .testTarget(
            name: "PaichaReportTests",
            dependencies: [
                "PaichaReport", "PaichaScan", "PaichaMining", "PaichaEstimates", "PaichaFixtures", "PaichaHost",
                "PaichaTestSupport",
            ]
        ),
        .testTarget(name: "PaichaFixturesTests", dependencies: ["PaichaFixtures", "PaichaTestSupport"]),
        .testTarget(
            name: "PaichaCLITests",
            dependencies: [
                "paicha", "PaichaReport", "PaichaTestSupport",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
    ]
)

let swiftSettings: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
    .enableUpcomingFeature("MemberImportVisibility"),
    .enableUpcomingFeature("InternalImportsByDefault"),
]

for target in package.targets where target.type != .system {
    target.swiftSettings = (target.swiftSettings ?? []) + swiftSettings
}
