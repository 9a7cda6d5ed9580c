// swift-tools-version:5.9
import PackageDescription

let package = Package(
    name: "NebulaKit",
    platforms: [.iOS(.v15), .macOS(.v13)],
    products: [
        .library(name: "NebulaKit", targets: ["NebulaKit"]),
    ],
    dependencies: [
        // expect: libsession/swiftpm-libsession-util
        .package(url: "https://github.com/session-foundation/libsession-util-spm", exact: "1.6.3"),
        // The old location, kept for the legacy target.
        // expect: libsession/swiftpm-libsession-util
        .package(name: "LibSessionUtil", url: "https://github.com/oxen-io/libsession-util-spm.git", from: "1.2.0"),
        // expect: dependency/session-fork
        .package(url: "https://github.com/session-foundation/session-lucide", branch: "main"),
        .package(url: "https://github.com/Alamofire/Alamofire.git", .upToNextMajor(from: "5.9.1")),
        .package(url: "https://github.com/signalapp/libsignal.git", exact: "0.52.0"),
        .package(url: "https://github.com/matrix-org/matrix-rust-components-swift", from: "1.0.0"),
    ],
    targets: [
        .target(
            name: "NebulaKit",
            dependencies: [
                // expect: libsession/swiftpm-libsession-util
                .product(name: "SessionUtil", package: "libsession-util-spm"),
                .product(name: "Alamofire", package: "Alamofire"),
                .product(name: "LibSignalClient", package: "libsignal"),
                .product(name: "MatrixRustSDK", package: "matrix-rust-components-swift"),
            ]
        ),
        .target(
            name: "NebulaLegacy",
            dependencies: [
                // expect: libsession/swiftpm-libsession-util
                .product(name: "SessionUtil", package: "LibSessionUtil"),
                "SessionUtilPrebuilt",
            ]
        ),
        // expect: libsession/swiftpm-libsession-util
        .binaryTarget(
            name: "SessionUtilPrebuilt",
            url: "https://github.com/oxen-io/libsession-util/releases/download/v1.2.0-rc.1/libsession-util.xcframework.zip",
            checksum: "6f8c2a7b5e4d3c2b1a0f9e8d7c6b5a4f3e2d1c0b9a8f7e6d5c4b3a2f1e0d9c8b"
        ),
    ]
)
