// expect-none
#include "session/session_manager.hpp"

#include <algorithm>

#include "crypto/hmac.hpp"
#include "network/socket.hpp"
#include "session/random.h"

using namespace session;

namespace {
constexpr auto SESSION_NETWORK_GRACE = std::chrono::seconds{30};

// Config loader of the server (its own config_* helpers, unrelated to
// libsession's C API).
Config config_load_defaults() {
    Config config;
    config.max_players = 64;
    return config;
}
}  // namespace

namespace session {

Manager::Manager(Config config) : config_{std::move(config)} {}

Player& Manager::join(const std::string& id) {
    auto& player = players_[id];
    player.id = id;
    player.last_seen = std::chrono::steady_clock::now();
    Contacts empty;
    player.contacts = empty;
    return player;
}

void Manager::expire(std::chrono::steady_clock::time_point now) {
    std::erase_if(players_, [&](const auto& entry) {
        return now - entry.second.last_seen > config_.idle_timeout + SESSION_NETWORK_GRACE;
    });
}

std::string encrypt_token(const std::string& player_id) {
    return crypto::hmac_sha256(session::random::secret(), player_id);
}

}  // namespace session

int main() {
    session::Manager manager{config_load_defaults()};
    network::Socket socket{7777};
    socket.on_message([&](const std::string& id) { manager.join(id); });
    return socket.run();
}
