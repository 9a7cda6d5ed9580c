// expect-none
// Signal-protocol sessions (libsignal) and a C config library whose function
// names look like libsession's: neither is Session, and neither file imports
// SessionUtil or a Session kit, so no rule may fire.

import CLibConfig
import Foundation
import SignalProtocol

/// Keeps one Signal "session" per contact device.
final class SecureChannel {
    private let store: SignalStore
    private let address: SignalAddress

    init(store: SignalStore, contact: String, deviceId: Int32) {
        self.store = store
        self.address = SignalAddress(name: contact, deviceId: deviceId)
    }

    func establish(with bundle: SessionPreKeyBundle) throws {
        let builder = SessionBuilder(for: address, in: store)
        try builder.process(preKeyBundle: bundle)
    }

    func encrypt(_ plaintext: Data) throws -> CipherTextMessage {
        let cipher = SessionCipher(for: address, in: store)
        return try cipher.encrypt(plaintext)
    }

    func hasSession() -> Bool {
        (try? store.sessionStore.containsSession(for: address)) ?? false
    }
}

/// Reads app settings with libconfig (hyperrealm/libconfig), whose C API also
/// uses a `config_` prefix.
enum NotesSettings {
    static func load(path: String) -> String? {
        var cfg = config_t()
        config_init(&cfg)
        defer { config_destroy(&cfg) }
        guard config_read_file(&cfg, path) == CONFIG_TRUE else { return nil }
        var value: UnsafePointer<CChar>?
        guard config_lookup_string(&cfg, "sync.server", &value) == CONFIG_TRUE, let value else { return nil }
        return String(cString: value)
    }
}

/// Local stand-ins named like Session's types; without a Session import they
/// are just this app's names.
enum LibSession {
    static func contacts_count() -> Int { 0 }
}
struct SessionId: Hashable { let raw: String }
