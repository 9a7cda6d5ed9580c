// Seed nodes for a headless Session client built on oxen-libquic, with its own
// copy of the bootstrap list (no libsession dependency declared anywhere).

#include <array>
#include <cstdint>
#include <string_view>

namespace relay::network {

using namespace std::literals;

struct seed_node {
    std::string_view ed25519_pubkey;
    std::string_view ip;
    uint16_t port;
};

constexpr std::array mainnet_seeds{
        seed_node{
                // expect: onion-request/libquic-seed-node
                "1f000f09a7b07828dcb72af7cd16857050c10c02bd58afb0e38111fb6cda1fef"sv,
                // expect: onion-request/libquic-seed-node
                "144.76.164.202"sv,
                20200},
        seed_node{
                // expect: onion-request/libquic-seed-node
                "1f101f0acee4db6f31aaa8b4df134e85ca8a4878efaef7f971e88ab144c1a7ce"sv,
                // expect: onion-request/libquic-seed-node
                "88.99.102.229"sv,
                20201},
};

// The same list in the on-disk cache format "ip|port|pubkey|failures".
// expect: onion-request/libquic-seed-node
constexpr auto testnet_seed = "144.76.164.202|35400|decaf007f26d3d6f9b845ad031ffdf6d04638c25bb10b8fffbbe99135303c4b9|0"sv;

// expect: storage-rpc/quic-alpn
constexpr auto ALPN = "oxenstorage"sv;
// expect: onion-request/guard-entry-path
constexpr auto ONION = "onion_req"sv;
// expect: onion-request/next-node-not-found
constexpr auto NEXT_NODE_NOT_FOUND = "502 Bad Gateway\n\nNext node not found: "sv;

// Asks a seed for the service-node list through the daemon passthrough.
// expect: storage-rpc/oxend-request
constexpr auto SEED_COMMAND = "oxend_request"sv;

// expect: storage-rpc/seed-bootstrap-method
constexpr auto LEGACY_SEED_METHOD = "get_n_service_nodes"sv;

}  // namespace relay::network
