// swift-tools-version:5.9
// expect-none
import PackageDescription

let package = Package(
    name: "ChatApp",
    platforms: [.iOS(.v15), .macOS(.v13)],
    targets: [
        .target(name: "ChatKit", path: "Sources/ChatKit"),
        .executableTarget(name: "App", dependencies: ["ChatKit"], path: "Sources/App"),
    ]
)
