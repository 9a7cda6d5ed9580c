// expect-none
#include <pybind11/pybind11.h>

#include "session/store.h"
#include "session/util.hpp"

#include <chrono>
#include <string>

namespace py = pybind11;

PYBIND11_MODULE(_store, m) {
    m.def("touch", [](const std::string& sid, int ttl) {
        return session::store::touch(sid, std::chrono::seconds{ttl});
    });
    m.def("session_id", []() { return session::util::random_id(32); });
}
