// expect-none
// C++ wrapper over libsignal-protocol-c. Its "sessions" are Signal protocol
// sessions (session_cipher_*, session_builder_*, session_record_*), and its
// headers are named session_cipher.h, not session/...: nothing here is the
// Session messenger.
#include <signal_protocol.h>
#include <session_builder.h>
#include <session_cipher.h>
#include <session_pre_key.h>

#include <memory>
#include <stdexcept>
#include <vector>

namespace securechat {

class SessionCipher {
  public:
    SessionCipher(signal_protocol_store_context* store, const signal_protocol_address* address,
                  signal_context* context) {
        if (session_cipher_create(&cipher_, store, address, context) != 0)
            throw std::runtime_error{"session_cipher_create failed"};
    }
    ~SessionCipher() { session_cipher_free(cipher_); }

    std::vector<uint8_t> encrypt(const std::vector<uint8_t>& plaintext) {
        ciphertext_message* message = nullptr;
        if (session_cipher_encrypt(cipher_, plaintext.data(), plaintext.size(), &message) != 0)
            throw std::runtime_error{"encrypt failed"};
        signal_buffer* serialized = ciphertext_message_get_serialized(message);
        std::vector<uint8_t> out(signal_buffer_data(serialized), signal_buffer_data(serialized) + signal_buffer_len(serialized));
        SIGNAL_UNREF(message);
        return out;
    }

  private:
    session_cipher* cipher_ = nullptr;
};

void establish(signal_protocol_store_context* store, const signal_protocol_address* address,
               session_pre_key_bundle* bundle, signal_context* context) {
    session_builder* builder = nullptr;
    session_builder_create(&builder, store, address, context);
    if (session_builder_process_pre_key_bundle(builder, bundle) != 0)
        throw std::runtime_error{"could not establish a session"};
    session_builder_free(builder);
}

}  // namespace securechat
