import Foundation

// The servers a Session-compatible iOS client talks to, as one enum.
enum SessionServer: CaseIterable {
    case community
    case fileServer
    case legacyPush
    case proBackend

    var baseURL: String {
        switch self {
        // expect: sogs/official-community-host
        case .community: return "https://open.getsession.org"
        // expect: file-server/host
        case .fileServer: return "http://filev2.getsession.org"
        // expect: push/server-host
        case .legacyPush: return "https://live.apns.getsession.org"
        // expect: pro/backend-host
        case .proBackend: return "https://pro-backend.getsession.org"
        }
    }

    var publicKey: String {
        switch self {
        // expect: sogs/official-server-pubkey
        case .community: return "a03c383cf63c3c4efe67acc52112a6dd734b3a946b9545f488aaa93da7991238"
        // expect: file-server/server-pubkey
        case .fileServer: return "09324794aa9c11948189762d198c618148e9136ac9582068180661208927ef34"
        // expect: push/server-pubkey
        case .legacyPush: return "642a6585919742e5a2d4dc51244964fbcd8bcab2b75612407de58b810740d049"
        // expect: pro/server-pubkey
        case .proBackend: return "920b81e9bf1a06e70814432668c61487d6fdbe13faaee3b09ebc56223061f140"
        }
    }

    /// Communities reached by IP before the domain existed.
    // expect: sogs/official-community-host
    static let legacyCommunityHost = "116.203.70.33"
}

/// Session Pro backend endpoints (the client signs each request).
enum SessionProEndpoint: String {
    // expect: pro/backend-endpoint
    case addProPayment = "add_pro_payment"
    // expect: pro/backend-endpoint
    case generateProProof = "generate_pro_proof"
    // expect: pro/backend-endpoint
    case getProDetails = "get_pro_details"
}

enum SessionProPlan: String, CaseIterable {
    // expect: pro/store-product-id
    case oneMonth = "com.getsession.org.pro_sub_1_month"
    // expect: pro/store-product-id
    case threeMonths = "com.getsession.org.pro_sub_3_months"
    // expect: pro/store-product-id
    case twelveMonths = "com.getsession.org.pro_sub_12_months"
}

struct TurnServerInfo {
    // expect: calls/turn-server
    static let urls = ["turn:hereford.getsession.org", "turn:holstein.getsession.org"]
    // expect: calls/turn-credentials
    static let username = "session202111"
}
