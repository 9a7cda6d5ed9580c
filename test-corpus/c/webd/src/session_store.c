/* expect-none */
/* HTTP session store for webd. "Session" here is a login session; the
 * project keeps its own headers under include/session/, including generic
 * names libsession also uses (types.h, hash.h, random.h). */
#include <string.h>
#include <time.h>

#include "session/hash.h"
#include "session/random.h"
#include "session/store.h"
#include "session/types.h"

#define SESSION_TTL_SECONDS (30 * 60)
#define SESSION_NETWORK_TIMEOUT_MS 1500

static session_table table;

session_t *session_create(const char *user)
{
    session_t *s = session_table_alloc(&table);
    if (!s)
        return NULL;
    session_random_token(s->token, sizeof s->token);
    session_hash_id(s->token, s->id);
    strncpy(s->user, user, sizeof s->user - 1);
    s->expires = time(NULL) + SESSION_TTL_SECONDS;
    return s;
}

int session_encrypt_cookie(const session_t *s, char *out, size_t len)
{
    return session_sign(s->id, out, len, SESSION_NETWORK_TIMEOUT_MS);
}

void session_destroy(session_t *s)
{
    session_table_free(&table, s);
}
