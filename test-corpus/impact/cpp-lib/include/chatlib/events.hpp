// expect-none
// events.hpp and dispatch.hpp include each other (guarded): a cycle.
#pragma once

#include <functional>
#include <vector>

#include "chatlib/dispatch.hpp"
#include "chatlib/profile_view.hpp"

namespace chatlib {

struct ProfileChanged {
    const ProfileView* view;
};

using Listener = std::function<void(const ProfileChanged&)>;

}  // namespace chatlib
