// expect-none
#include "chatlib/dispatch.hpp"

namespace chatlib {

Dispatcher& global_dispatcher() {
    static Dispatcher d;
    return d;
}

}  // namespace chatlib
