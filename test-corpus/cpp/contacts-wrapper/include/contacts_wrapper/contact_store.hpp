#pragma once

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

// expect: libsession/cpp-config
#include <session/config/contacts.hpp>

namespace app {

struct Contact {
    std::string session_id;
    std::string display_name;
    bool approved = false;
    bool blocked = false;
};

/// Owns the libsession contacts config for one account and exposes the
/// handful of operations the app needs, with app types only.
class ContactStore {
  public:
    ContactStore(std::vector<unsigned char> ed25519_secret_key, std::optional<std::vector<unsigned char>> dump);
    ~ContactStore();

    std::optional<Contact> find(std::string_view session_id) const;
    std::vector<Contact> all() const;
    void approve(std::string_view session_id);
    void block(std::string_view session_id, bool blocked);

    /// Serialised state to persist, when something changed.
    std::optional<std::vector<unsigned char>> take_dump();

  private:
    // expect: libsession/cpp-config
    static Contact to_app(const session::config::contact_info& info);

    // expect: libsession/cpp-config
    std::unique_ptr<session::config::Contacts> contacts_;
};

}  // namespace app
