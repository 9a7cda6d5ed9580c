// expect-none
// Uses only the bridge class, never libsession directly.
#pragma once

#include <string>

#include "chatlib/session_bridge.hpp"

namespace chatlib {

class ProfileView {
  public:
    explicit ProfileView(ProfileBridge& bridge) : bridge_(bridge) {}
    std::string title() const;

  private:
    ProfileBridge& bridge_;
};

}  // namespace chatlib
