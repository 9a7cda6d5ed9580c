import Combine
import Foundation
import SwiftUI
// expect: sdk/ios-messaging-kit-import
import SessionMessagingKit
// Still on the pre-rename module name; the Xcode product kept it.
// expect: sdk/ios-networking-kit-import
import SessionSnodeKit
// expect: sdk/ios-utilities-kit-import
import SessionUtilitiesKit

/// Drives the conversation list: polls the user's swarm and the joined
/// communities, and exposes rows for `ConversationListView`.
@MainActor
final class ConversationListViewModel: ObservableObject {
    struct Row: Identifiable, Equatable {
        let id: String
        let title: String
        let preview: String
        let unreadCount: Int
    }

    @Published private(set) var rows: [Row] = []
    @Published private(set) var isRefreshing = false
    @Published var errorMessage: String?

    private let dependencies: Dependencies
    private var pollTask: Task<Void, Never>?

    init(dependencies: Dependencies) {
        self.dependencies = dependencies
    }

    func onAppear() {
        pollTask?.cancel()
        pollTask = Task { [weak self] in
            while !Task.isCancelled {
                await self?.refresh()
                try? await Task.sleep(nanoseconds: 10_000_000_000)
            }
        }
    }

    func onDisappear() {
        pollTask?.cancel()
    }

    func refresh() async {
        isRefreshing = true
        defer { isRefreshing = false }

        do {
            let userPublicKey = dependencies[cache: .general].sessionId.hexString
            // expect: storage-rpc/ios-storage-server
            let swarm = try await SnodeAPI.getSwarm(for: userPublicKey, using: dependencies)
            // expect: storage-rpc/ios-storage-server
            let messages = try await SnodeAPI.getMessages(in: swarm, namespace: .default, using: dependencies)

            // expect: sogs/ios-community-api
            for server in OpenGroupManager.shared.joinedServers() {
                // expect: sogs/ios-community-api
                _ = try await OpenGroupAPI.poll(server, hasPerformedInitialPoll: true, using: dependencies)
            }

            rows = messages
                .sorted { $0.timestampMs > $1.timestampMs }
                .map { message in
                    Row(
                        id: message.threadId,
                        title: displayName(for: message.threadId),
                        preview: message.body ?? "",
                        unreadCount: message.unreadCount
                    )
                }
        } catch {
            errorMessage = "Could not refresh conversations: \(error.localizedDescription)"
        }
    }

    private func displayName(for threadId: String) -> String {
        // expect: identity/ios-session-id
        guard let id = try? SessionId(from: threadId) else { return threadId }
        switch id.prefix {
        case .group: return "Group \(threadId.prefix(8))"
        default: return threadId.prefix(4) + "…" + threadId.suffix(4)
        }
    }
}
