// Implements the bridge with libsession's C API, declared by the wrapper
// header: the calls are findings although this file includes no session/
// header itself.
#include "chatlib/session_bridge.hpp"

#include <stdexcept>

namespace chatlib {

ProfileBridge::ProfileBridge(const unsigned char* ed25519_secret) {
    char error[256] = {0};
    // expect: libsession/c-config-api
    if (user_profile_init(&conf_, ed25519_secret, nullptr, 0, error) != 0)
        throw std::runtime_error(error);
}

ProfileBridge::~ProfileBridge() {
    // expect: libsession/c-config-api
    config_free(conf_);
}

std::string ProfileBridge::display_name() const {
    // expect: libsession/c-config-api
    const char* name = user_profile_get_name(conf_);
    return name ? name : "";
}

void ProfileBridge::set_display_name(const std::string& name) {
    // expect: libsession/c-config-api
    user_profile_set_name(conf_, name.c_str());
}

}  // namespace chatlib
