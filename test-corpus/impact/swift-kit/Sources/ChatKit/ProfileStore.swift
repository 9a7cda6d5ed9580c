import Foundation
// expect: libsession/swift-import
import SessionUtil

public final class ProfileStore {
    // expect: libsession/swift-config-api
    private var conf: UnsafeMutablePointer<config_object>?

    public init() {}

    public var name: String {
        // expect: libsession/swift-config-api
        guard let conf, let raw = user_profile_get_name(conf) else { return "" }
        return String(cString: raw)
    }
}
