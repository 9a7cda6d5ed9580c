// expect-none
// Address parsing tests of an RPC client library. The public daemon host of
// the Oxen network is used as sample data; it is not a Session seed node.
#include <catch2/catch_test_macros.hpp>

#include "rpc/address.hpp"

TEST_CASE("tcp addresses parse", "[address]") {
    rpc::address a{"tcp://public.loki.foundation:22029"};
    REQUIRE(a.host == "public.loki.foundation");
    REQUIRE(a.port == 22029);
}

TEST_CASE("curve addresses keep the key", "[address]") {
    auto b = rpc::address::tcp_curve("public.loki.foundation", 22025, std::string(32, '\x01'));
    REQUIRE(b.curve());
}
