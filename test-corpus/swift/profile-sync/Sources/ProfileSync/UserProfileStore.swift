// UserProfileStore keeps the local display name, avatar and note-to-self
// settings in sync with the libsession user-profile config. The config object
// lives for the whole app session and is dumped to the database after every
// change so a restart does not lose unsynced edits.

import Foundation
import GRDB
import OSLog
// expect: libsession/swift-import
import SessionUtil

public enum UserProfileStoreError: Error, Equatable {
    case notLoaded
    case nameTooLong
    case libsession(String)
}

public struct ProfileSnapshot: Equatable {
    public let displayName: String?
    public let avatarURL: String?
    public let avatarKey: Data?
}

public final class UserProfileStore {
    private static let maxNameBytes = 100
    private let logger = Logger(subsystem: "app.profile-sync", category: "UserProfileStore")
    private let dbWriter: DatabaseWriter
    private let lock = NSLock()

    // expect: libsession/swift-config-api
    private var conf: UnsafeMutablePointer<config_object>?

    public init(dbWriter: DatabaseWriter) {
        self.dbWriter = dbWriter
    }

    deinit {
        // expect: libsession/swift-config-api
        config_free(conf)
    }

    // MARK: - Loading

    public func load(ed25519SecretKey: [UInt8], dump: Data?) throws {
        lock.lock()
        defer { lock.unlock() }

        var secretKey = ed25519SecretKey
        var error = [CChar](repeating: 0, count: 256)
        let status: Int32

        if let dump {
            var bytes = [UInt8](dump)
            // expect: libsession/swift-config-api
            status = user_profile_init(&conf, &secretKey, &bytes, bytes.count, &error)
        } else {
            // expect: libsession/swift-config-api
            status = user_profile_init(&conf, &secretKey, nil, 0, &error)
        }

        guard status == 0 else {
            throw UserProfileStoreError.libsession(String(cString: error))
        }
        logger.info("Loaded user profile config (dump: \(dump?.count ?? 0) bytes)")
    }

    // MARK: - Reading

    public func snapshot() throws -> ProfileSnapshot {
        guard let conf else { throw UserProfileStoreError.notLoaded }

        // expect: libsession/swift-config-api
        let name = user_profile_get_name(conf).map { String(cString: $0) }
        // expect: libsession/swift-config-api
        let pic: user_profile_pic = user_profile_get_pic(conf)
        let url = withUnsafeBytes(of: pic.url) { raw in
            String(cString: raw.bindMemory(to: CChar.self).baseAddress!)
        }
        let key = withUnsafeBytes(of: pic.key) { Data($0) }

        return ProfileSnapshot(
            displayName: name,
            avatarURL: url.isEmpty ? nil : url,
            avatarKey: url.isEmpty ? nil : key
        )
    }

    // MARK: - Writing

    public func setDisplayName(_ name: String) throws {
        guard let conf else { throw UserProfileStoreError.notLoaded }
        guard name.utf8.count <= Self.maxNameBytes else { throw UserProfileStoreError.nameTooLong }

        // expect: libsession/swift-config-api
        user_profile_set_name(conf, name)
        try persistIfNeeded()
    }

    public func setNoteToSelfExpiry(seconds: Int32) throws {
        guard let conf else { throw UserProfileStoreError.notLoaded }
        // expect: libsession/swift-config-api
        user_profile_set_nts_expiry(conf, seconds)
        try persistIfNeeded()
    }

    // MARK: - Persistence

    private func persistIfNeeded() throws {
        // expect: libsession/swift-config-api
        guard let conf, config_needs_dump(conf) else { return }

        var dumpResult: UnsafeMutablePointer<UInt8>? = nil
        var dumpLength: Int = 0
        // expect: libsession/swift-config-api
        config_dump(conf, &dumpResult, &dumpLength)
        guard let dumpResult else { return }
        defer { free(dumpResult) }

        let data = Data(bytes: dumpResult, count: dumpLength)
        try dbWriter.write { db in
            try db.execute(
                sql: "INSERT OR REPLACE INTO config_dump (variant, data) VALUES (?, ?)",
                arguments: ["userProfile", data]
            )
        }
    }
}
