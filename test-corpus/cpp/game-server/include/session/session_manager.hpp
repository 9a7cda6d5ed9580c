// expect-none
// Player sessions of a game server. The project has its own `session`
// namespace and `session/` include directory; neither is libsession.
#pragma once

#include <chrono>
#include <string>
#include <unordered_map>

#include "session/config.hpp"
#include "session/types.h"

namespace session {

// Names that libsession also uses (Contacts, Builder, Network): here they are
// the game's own types.
struct Contacts {
    std::unordered_map<std::string, std::string> friends;
};

class Network;

struct Player {
    std::string id;
    std::chrono::steady_clock::time_point last_seen;
    Contacts contacts;
};

class Manager {
  public:
    explicit Manager(Config config);
    Player& join(const std::string& id);
    void expire(std::chrono::steady_clock::time_point now);
    std::size_t size() const { return players_.size(); }

  private:
    Config config_;
    std::unordered_map<std::string, Player> players_;
};

std::string encrypt_token(const std::string& player_id);

}  // namespace session
