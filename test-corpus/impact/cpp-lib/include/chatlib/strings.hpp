// expect-none
// No project includes: not impacted.
#pragma once

#include <string>

namespace chatlib {
inline std::string trim(std::string s) {
    while (!s.empty() && s.back() == ' ') s.pop_back();
    return s;
}
}  // namespace chatlib
