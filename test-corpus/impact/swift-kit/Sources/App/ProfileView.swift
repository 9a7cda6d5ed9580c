// Imports only ChatKit; the C call comes through its `@_exported import`.
import ChatKit

struct ProfileView {
    let store: ProfileStore

    func rename(_ conf: OpaquePointer?, to name: String) {
        // expect: libsession/swift-config-api
        user_profile_set_name(conf, name)
    }
}
