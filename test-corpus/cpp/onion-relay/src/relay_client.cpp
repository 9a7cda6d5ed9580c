// relay-client: a headless bot that forwards messages from a local queue to
// Session accounts, using libsession's networking and protocol code directly.
#include <chrono>
#include <cstdio>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

// expect: libsession/cpp-network
#include <session/network.hpp>
// expect: libsession/cpp-network
#include <session/onionreq/builder.hpp>
// expect: libsession/cpp-network
#include <session/onionreq/response_parser.hpp>
// expect: libsession/cpp-protocol
#include <session/session_protocol.hpp>
// expect: libsession/cpp-pro-backend
#include <session/pro_backend.hpp>
// expect: libsession/cpp-util
#include <session/types.hpp>

#include "queue.hpp"

// expect: libsession/cpp-network
using namespace session::onionreq;

namespace relay {

class RelayClient {
  public:
    // expect: libsession/cpp-network
    explicit RelayClient(session::network::Network& network) : network_{network} {}

    std::vector<unsigned char> wrap_for(const std::string& recipient, const std::vector<unsigned char>& plaintext) {
        // expect: libsession/cpp-protocol-call
        return session::encode_for_1o1(plaintext, identity_, std::chrono::system_clock::now(), recipient);
    }

    std::string build_request(const std::vector<unsigned char>& payload) {
        // expect: libsession/cpp-network-class
        Builder builder;
        // expect: libsession/cpp-network-class
        builder.set_enc_type(EncryptType::xchacha20);
        for (const auto& hop : path_)
            builder.add_hop(hop);
        return builder.generate_payload(payload);
    }

    bool deliver(const std::string& recipient, const std::vector<unsigned char>& plaintext) {
        auto payload = wrap_for(recipient, plaintext);
        // expect: libsession/cpp-network
        auto result = network_.send_onion_request(session::network::ServiceNodeDestination{recipient}, payload);
        // expect: libsession/cpp-network-class
        ResponseParser parser{result.keys};
        return parser.decrypt(result.body).size() > 0;
    }

    std::string pro_payment_request(const std::vector<unsigned char>& master, const std::vector<unsigned char>& rotating) {
        // expect: libsession/cpp-pro-backend
        return session::pro_backend::AddProPaymentRequest::build_to_json(1, master, rotating, "ios", "txn-1");
    }

  private:
    // expect: libsession/cpp-network
    session::network::Network& network_;
    std::vector<unsigned char> identity_;
    std::vector<std::string> path_;
};

}  // namespace relay

int main() {
    relay::Queue queue{"/var/spool/relay"};
    // expect: libsession/cpp-network
    session::network::Network network{std::nullopt, true, true, false};
    relay::RelayClient client{network};
    while (auto item = queue.pop()) {
        if (!client.deliver(item->recipient, item->body))
            std::fprintf(stderr, "delivery to %s failed\n", item->recipient.c_str());
    }
}
