/* swarm-probe: asks the network for the swarm of an account and sends one
 * signed request through an onion path. Built against the libquic branch of
 * libsession-util (the network_* C API that predates session_network_*). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

// expect: libsession/cpp-network
#include <session/network.h>
// expect: libsession/cpp-network
#include <session/onionreq/builder.h>
// expect: libsession/cpp-crypto
#include <session/blinding.h>
// expect: libsession/cpp-util
#include <session/random.h>

struct probe_state {
    int remaining;
    int failures;
};

// expect: libsession/c-network-api
static void on_swarm(network_service_node *nodes, size_t count, void *ctx)
{
    struct probe_state *state = ctx;
    for (size_t i = 0; i < count; i++)
        printf("swarm member %zu: %s:%u\n", i, nodes[i].ip, nodes[i].quic_port);
    state->remaining--;
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        fprintf(stderr, "usage: swarm-probe <account-id>\n");
        return 2;
    }

    char err[256] = {0};
    // expect: libsession/c-network-api
    network_object *network = NULL;
    // expect: libsession/c-network-api
    if (!network_init(&network, NULL, true, true, false, err)) {
        fprintf(stderr, "network_init failed: %s\n", err);
        return 1;
    }

    struct probe_state state = {.remaining = 1, .failures = 0};
    // expect: libsession/c-network-api
    network_get_swarm(network, argv[1], on_swarm, &state);

    // expect: libsession/c-network-api
    onion_request_builder_object *builder = NULL;
    // expect: libsession/c-network-api
    onion_request_builder_init(&builder);
    // expect: libsession/c-network-api
    onion_request_builder_set_enc_type(builder, ENCRYPT_TYPE_X_CHA_CHA_20);

    unsigned char seed[64];
    unsigned char blinded_pk[32], blinded_sk[32];
    // expect: libsession/c-crypto-api
    session_random(sizeof seed, seed);
    // expect: libsession/c-crypto-api
    if (!session_blind15_key_pair(seed, (const unsigned char *)argv[1], blinded_pk, blinded_sk))
        state.failures++;

    // expect: libsession/c-network-api
    network_free(network);
    return state.failures ? 1 : 0;
}
