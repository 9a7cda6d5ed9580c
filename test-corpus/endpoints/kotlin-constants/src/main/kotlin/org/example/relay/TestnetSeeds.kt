package org.example.relay

// Seed nodes the relay bootstraps from when it runs against Session's testnet.

object TestnetSeeds {
    // expect: onion-request/seed-node-host
    const val TESTNET_SEED = "http://public.loki.foundation:38157"

    // The daemon RPC of the same host is not a seed node.
    const val DAEMON_RPC = "http://public.loki.foundation:22023/json_rpc"

    fun seeds(testnet: Boolean): List<String> =
        if (testnet) listOf(TESTNET_SEED) else emptyList()
}
