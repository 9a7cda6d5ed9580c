#include "contacts_wrapper/contact_store.hpp"

#include <stdexcept>

// expect: libsession/cpp-config
#include <session/config/contacts.hpp>
// expect: libsession/cpp-util
#include <session/util.hpp>

// The alias line is where this file is reported; the uses through `cfg::`
// below belong to it.
// expect: libsession/cpp-config
namespace cfg = session::config;

namespace app {

ContactStore::ContactStore(
        std::vector<unsigned char> ed25519_secret_key, std::optional<std::vector<unsigned char>> dump) {
    if (ed25519_secret_key.size() != 64)
        throw std::invalid_argument{"expected a 64-byte Ed25519 secret key"};
    std::optional<std::basic_string_view<unsigned char>> dump_view;
    if (dump)
        dump_view.emplace(dump->data(), dump->size());
    contacts_ = std::make_unique<cfg::Contacts>(
            std::basic_string_view<unsigned char>{ed25519_secret_key.data(), ed25519_secret_key.size()},
            dump_view);
}

ContactStore::~ContactStore() = default;

Contact ContactStore::to_app(const cfg::contact_info& info) {
    Contact c;
    c.session_id = info.session_id;
    c.display_name = !info.nickname.empty() ? info.nickname : info.name;
    c.approved = info.approved;
    c.blocked = info.blocked;
    return c;
}

std::optional<Contact> ContactStore::find(std::string_view session_id) const {
    if (auto info = contacts_->get(session_id))
        return to_app(*info);
    return std::nullopt;
}

std::vector<Contact> ContactStore::all() const {
    std::vector<Contact> out;
    for (const auto& info : *contacts_)
        out.push_back(to_app(info));
    return out;
}

void ContactStore::approve(std::string_view session_id) {
    auto info = contacts_->get_or_construct(session_id);
    info.approved = true;
    contacts_->set(info);
}

void ContactStore::block(std::string_view session_id, bool blocked) {
    // Fully qualified on purpose: this is the one place that names the
    // upstream type directly.
    // expect: libsession/cpp-config
    session::config::contact_info info = contacts_->get_or_construct(session_id);
    info.blocked = blocked;
    contacts_->set(info);
}

std::optional<std::vector<unsigned char>> ContactStore::take_dump() {
    if (!contacts_->needs_dump())
        return std::nullopt;
    auto dump = contacts_->dump();
    return std::vector<unsigned char>(dump.begin(), dump.end());
}

}  // namespace app
