import Foundation
import GRDB
// expect: sdk/ios-networking-kit-import
import SessionNetworkingKit
// expect: sdk/ios-utilities-kit-import
@_exported import SessionUtilitiesKit

/// Everything the app asks of Session servers, behind one protocol so the
/// views never see `Network` types.
public protocol CommunityServiceType {
    func poll(server: String) async throws
    func upload(avatar: Data) async throws -> String
    func registerForPush(token: Data) async throws
}

public final class CommunityService: CommunityServiceType {
    private let dependencies: Dependencies
    private let dbReader: DatabaseReader

    public init(dependencies: Dependencies, dbReader: DatabaseReader) {
        self.dependencies = dependencies
        self.dbReader = dbReader
    }

    public func poll(server: String) async throws {
        let request = try await dbReader.read { [dependencies] db in
            // expect: sogs/ios-community-api
            try Network.SOGS.preparedPoll(
                db,
                server: server,
                hasPerformedInitialPoll: true,
                timeSinceLastPoll: 0,
                using: dependencies
            )
        }
        _ = try await request.send(using: dependencies)
    }

    public func fetchInbox(for sessionId: String) async throws -> Int {
        // expect: storage-rpc/ios-storage-server
        let request = try Network.StorageServer.preparedGetMessages(
            namespace: .default,
            snode: try await randomSnode(),
            authMethod: try authMethod(for: sessionId),
            using: dependencies
        )
        return try await request.send(using: dependencies).messages.count
    }

    public func upload(avatar: Data) async throws -> String {
        // expect: file-server/ios-file-server
        let request = try Network.FileServer.preparedUpload(data: avatar, using: dependencies)
        let response = try await request.send(using: dependencies)
        // expect: file-server/ios-file-server
        return Network.FileServer.downloadUrlString(for: response.id)
    }

    public func registerForPush(token: Data) async throws {
        // expect: push/ios-push-notification
        let request = try Network.PushNotification.preparedSubscribe(
            token: token,
            isForcedUpdate: false,
            using: dependencies
        )
        _ = try await request.send(using: dependencies)
    }

    public func proStatus() async throws -> Bool {
        // expect: pro/ios-session-pro
        let details = try await Network.SessionPro.getProDetails(using: dependencies)
        return details.isActive
    }

    // expect: libsession/ios-libsession-namespace
    private func randomSnode() async throws -> LibSession.Snode {
        // expect: libsession/ios-libsession-namespace
        try await LibSession.getRandomNodes(count: 1, using: dependencies).first.orThrow()
    }

    private func authMethod(for sessionId: String) throws -> AuthenticationMethod {
        try Authentication.with(swarmPublicKey: sessionId, using: dependencies)
    }
}
