// expect-none
#include "chatlib/profile_view.hpp"

namespace chatlib {

std::string ProfileView::title() const {
    return "Profile: " + bridge_.display_name();
}

}  // namespace chatlib
