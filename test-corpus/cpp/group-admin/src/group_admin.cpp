// Moderation helper for a bot that administers Session groups: removes
// members and rotates the group keys.
#include <span>
#include <string>
#include <vector>

// expect: libsession/cpp-config
#include <session/config/groups/info.hpp>
// expect: libsession/cpp-config
#include <session/config/groups/keys.hpp>
// expect: libsession/cpp-config
#include <session/config/groups/members.hpp>
// expect: libsession/cpp-config
#include <session/config/user_groups.hpp>

// expect: libsession/cpp-config
using namespace session::config;

namespace bot {

struct GroupHandles {
    // expect: libsession/cpp-config-class
    groups::Info& info;
    // expect: libsession/cpp-config-class
    groups::Members& members;
    // expect: libsession/cpp-config-class
    groups::Keys& keys;
};

void remove_members(GroupHandles group, const std::vector<std::string>& session_ids) {
    for (const auto& id : session_ids) {
        auto member = group.members.get(id);
        if (!member)
            continue;
        member->set_removed(true);
        group.members.set(*member);
    }
    // Rotate so removed members cannot read new messages.
    group.keys.rekey(group.info, group.members);
}

// expect: libsession/cpp-config-class
void forget_group(UserGroups& user_groups, std::string_view group_id) {
    if (auto found = user_groups.get_group(group_id)) {
        found->mark_kicked();
        user_groups.set(*found);
    }
}

}  // namespace bot
