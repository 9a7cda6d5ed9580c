import Combine
import Foundation
// expect: libsession/swift-import
import SessionUtil

// The C config struct gets Swift conveniences; the conformances live here so
// the rest of the app never touches raw C strings.
// expect: libsession/swift-network-api
extension session_network_config: @retroactive CustomStringConvertible {
    public var description: String { "session_network_config(router: \(router))" }
}

/// Watches the onion paths libsession builds and publishes a traffic-light
/// status for the settings screen.
public final class PathStatusMonitor {
    public enum Status { case unknown, connecting, connected, error }

    @Published public private(set) var status: Status = .unknown
    // expect: libsession/swift-network-api
    private var network: OpaquePointer? = session_network_init_default()

    public init() {
        // expect: libsession/swift-network-api
        var config = session_network_config_default()
        // expect: libsession/swift-network-api
        config.router = SESSION_NETWORK_ROUTER_ONION_REQUESTS
        // expect: libsession/swift-network-api
        session_network_set_status_changed_callback(network, { rawStatus, ctx in
            guard let ctx else { return }
            let monitor = Unmanaged<PathStatusMonitor>.fromOpaque(ctx).takeUnretainedValue()
            monitor.handle(rawStatus: rawStatus)
        }, Unmanaged.passUnretained(self).toOpaque())
    }

    deinit {
        // expect: libsession/swift-network-api
        session_network_free(network)
    }

    public func activePathCount() -> Int {
        var count = 0
        // expect: libsession/swift-network-api
        guard let paths = session_network_get_active_paths(network, &count) else { return 0 }
        defer { free(paths) }
        return count
    }

    /// Character limit for the composer, from the protocol constants.
    public func characterLimit(isPro: Bool) -> Int {
        // expect: libsession/swift-protocol-api
        Int(isPro ? SESSION_PROTOCOL_PRO_HIGHER_CHARACTER_LIMIT : SESSION_PROTOCOL_STANDARD_CHARACTER_LIMIT)
    }

    /// Blinded id used when talking to a community.
    public func blindedKeyPair(edSecretKey: [UInt8], serverPublicKey: [UInt8]) -> [UInt8]? {
        var blindedPublicKey = [UInt8](repeating: 0, count: 32)
        var blindedSecretKey = [UInt8](repeating: 0, count: 32)
        // expect: libsession/swift-crypto-api
        guard session_blind15_key_pair(edSecretKey, serverPublicKey, &blindedPublicKey, &blindedSecretKey) else {
            return nil
        }
        return blindedPublicKey
    }

    private func handle(rawStatus: Int32) {
        switch rawStatus {
        case 0: status = .connecting
        case 1: status = .connected
        default: status = .error
        }
    }
}
