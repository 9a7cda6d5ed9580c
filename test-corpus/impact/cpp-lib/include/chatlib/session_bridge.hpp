// The wrapper header: the only header that includes libsession. Everything
// that includes it gets libsession's declarations too.
#pragma once

#include <string>

// expect: libsession/cpp-config
#include <session/config/user_profile.h>

namespace chatlib {

class ProfileBridge {
  public:
    explicit ProfileBridge(const unsigned char* ed25519_secret);
    ~ProfileBridge();
    std::string display_name() const;
    void set_display_name(const std::string& name);

  private:
    // expect: libsession/c-config-api
    config_object* conf_ = nullptr;
};

}  // namespace chatlib
