#include <napi.h>

// expect: libsession/cpp-config
#include <session/config/user_profile.hpp>
// expect: libsession/cpp-crypto
#include <session/session_encrypt.hpp>

#include "contacts_config.hpp"
#include "user_config.hpp"
#include "version.h"

namespace nodeapi {

Napi::Object InitAll(Napi::Env env, Napi::Object exports) {
    UserConfigWrapper::Init(env, exports);
    ContactsConfigWrapper::Init(env, exports);
    exports.Set("version", Napi::String::New(env, LIBSESSION_NODEJS_VERSION));
    return exports;
}

Napi::Value HashMessage(const Napi::CallbackInfo& info) {
    auto env = info.Env();
    auto bytes = info[0].As<Napi::Buffer<unsigned char>>();
    // expect: libsession/cpp-crypto-call
    auto hash = session::compute_message_hash(
            info[1].As<Napi::String>().Utf8Value(), {bytes.Data(), bytes.Length()});
    return Napi::String::New(env, hash);
}

}  // namespace nodeapi

// expect: libsession/node-addon
NODE_API_MODULE(libsession_util_nodejs, nodeapi::InitAll)
