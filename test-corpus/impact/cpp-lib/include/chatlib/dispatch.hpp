// expect-none
#pragma once

#include <vector>

#include "chatlib/events.hpp"

namespace chatlib {

class Dispatcher {
  public:
    void subscribe(Listener l) { listeners_.push_back(std::move(l)); }
    void emit(const ProfileChanged& e) {
        for (auto& l : listeners_) l(e);
    }

  private:
    std::vector<Listener> listeners_;
};

}  // namespace chatlib
