/* pro-checker: validates a Session Pro proof attached to a message and builds
 * the backend request that refreshes it. */
#include <stdbool.h>
#include <stdio.h>
#include <time.h>

// expect: libsession/cpp-protocol
#include <session/session_protocol.h>
// expect: libsession/cpp-pro-backend
#include <session/pro_backend.h>
// expect: libsession/cpp-util
#include <session/logging.h>

static void log_line(const char *msg, size_t len)
{
    fprintf(stderr, "[libsession] %.*s\n", (int)len, msg);
}

bool message_fits(const char *utf8, size_t len, bool is_pro)
{
    // expect: libsession/c-protocol-api
    size_t limit = is_pro ? SESSION_PROTOCOL_PRO_HIGHER_CHARACTER_LIMIT : SESSION_PROTOCOL_STANDARD_CHARACTER_LIMIT;
    // expect: libsession/c-protocol-api
    session_protocol_pro_features_for_utf8_result features = session_protocol_pro_features_for_utf8(utf8, len, 0);
    return features.success && features.codepoint_count <= limit;
}

int refresh_proof(const unsigned char *master_sk, const unsigned char *rotating_sk)
{
    // expect: libsession/c-logging-api
    session_add_logger_simple(log_line);

    // expect: libsession/c-pro-api
    session_pro_backend_to_json request = session_pro_backend_generate_pro_proof_request_to_json(
            0, master_sk, 64, rotating_sk, 64, (uint64_t)time(NULL) * 1000);
    if (!request.success) {
        fprintf(stderr, "could not build the request\n");
        return 1;
    }
    puts(request.json.data);
    // expect: libsession/c-pro-api
    session_pro_backend_to_json_free(&request);
    return 0;
}
