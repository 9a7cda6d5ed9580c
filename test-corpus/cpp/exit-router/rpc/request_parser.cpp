// expect-none
// RPC front end of an onion router's exit node. "Snode" here means the
// router's own service nodes; the method names are its own and not Session's
// storage RPC, even though they read alike.
#include <nlohmann/json.hpp>

#include <array>
#include <string_view>

namespace exitnode::rpc {

constexpr std::array<std::string_view, 5> known_methods{
        "info",
        "delete",
        "map_exit",
        "unmap_exit",
        "list_snodes",
};

std::string_view default_log_level(bool is_snode) {
    return is_snode ? "warn" : "info";
}

bool is_known(std::string_view method) {
    for (auto m : known_methods)
        if (m == method)
            return true;
    return false;
}

}  // namespace exitnode::rpc
