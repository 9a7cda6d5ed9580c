#include <pybind11/pybind11.h>
#include <pybind11/stl.h>

// expect: libsession/cpp-crypto
#include <session/blinding.hpp>

#include <span>
#include <string>

namespace py = pybind11;

namespace {

std::span<const unsigned char> as_bytes(const py::bytes& b) {
    std::string_view sv{b};
    return {reinterpret_cast<const unsigned char*>(sv.data()), sv.size()};
}

}  // namespace

// expect: libsession/python-binding-module
PYBIND11_MODULE(session_util, m) {
    m.doc() = "Blinded-ID helpers for the moderation service";
    m.def("blind15_id", [](const std::string& session_id, const std::string& server_pk) {
        // expect: libsession/cpp-crypto-call
        return session::blind15_id(session_id, server_pk);
    });
    m.def("verify_blinded", [](py::bytes sig, py::bytes pubkey, py::bytes msg) {
        auto s = as_bytes(sig);
        auto p = as_bytes(pubkey);
        auto body = as_bytes(msg);
        return s.size() == 64 && p.size() == 32 && !body.empty();
    });
}
