package org.example.relay

// Endpoints of a relay service that forwards Session messages to email. It speaks
// the Session wire protocol itself, so only the strings identify it.

object SessionEndpoints {
    // expect: file-server/host
    const val FILE_SERVER_URL = "http://filev2.getsession.org"
    // expect: file-server/server-pubkey
    const val FILE_SERVER_X25519 = "09324794aa9c11948189762d198c618148e9136ac9582068180661208927ef34"

    // expect: push/server-host
    const val PUSH_SERVER = "https://push.getsession.org"
    // expect: push/server-pubkey
    const val PUSH_SERVER_KEY = "d7557fe563e2610de876c0ac7341b62f3c82d5eea4b62c702392ea4368f51b3b"
    // expect: push/server-host
    const val LEGACY_PUSH_SERVER = "https://live.apns.getsession.org"

    // expect: pro/backend-host
    const val PRO_BACKEND_DEV = "https://pro-backend-dev.getsession.org"
    // expect: pro/server-pubkey
    const val PRO_BACKEND_DEV_KEY = "fc947730f49eb01427a66e050733294d9e520e545c7a27125a780634e0860a27"
    // expect: pro/network-api-host
    const val TOKEN_SERVER_URL = "http://networkv1.getsession.org"
    // expect: pro/server-pubkey
    const val TOKEN_SERVER_PUBLIC_KEY = "cbf461a4431dc9174dceef4421680d743a2a0e1a3131fc794240bcb0bc3dd449"

    // expect: onion-request/lsrpc-endpoint
    const val ONION_V3 = "/loki/v3/lsrpc"
    // expect: onion-request/lsrpc-endpoint
    const val ONION_V4 = "/oxen/v4/lsrpc"
}

/** Storage-server RPC methods, as sent to a snode in `{"method": ..., "params": ...}`. */
enum class SnodeMethod(val rpcName: String) {
    // expect: storage-rpc/method-name
    GetSwarm("get_swarm"),
    // expect: storage-rpc/method-name
    Retrieve("retrieve"),
    // expect: storage-rpc/method-name
    SendMessage("store"),
    // expect: storage-rpc/method-name
    DeleteAll("delete_all"),
    // expect: storage-rpc/method-name
    Batch("batch"),
    // expect: storage-rpc/oxend-request
    OxenDaemonRPCCall("oxend_request"),
}

object OnsLookup {
    fun params(nameHash: String): Map<String, Any> = mapOf(
        // expect: ons/resolve-method
        "endpoint" to "ons_resolve",
        "params" to mapOf("type" to 0, "name_hash" to nameHash),
    )
}

object FileServerAuth {
    // expect: file-server/auth-header
    const val HEADER_PUBKEY = "X-FS-Pubkey"
    // expect: file-server/auth-header
    const val HEADER_TTL = "X-FS-TTL"

    // The version-blinded key the relay authenticates with (test fixture).
    // expect: identity/version-blinded-id-literal
    const val FIXTURE_VERSION_BLINDED_KEY = "07c1d9e3f4a5b6c7d8e9fa0b1c2d3e4f5a6b7c8d9e0f1a2b3c4d5e6f708192a3b4"
}
