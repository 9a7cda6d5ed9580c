/* expect-none */
/* kvsync: a small key-value replication library. Its function names happen
 * to share prefixes with libsession's C API (config_, contacts_, network_,
 * user_profile_), which is why it sits in the negative corpus. */
#ifndef KVSYNC_H
#define KVSYNC_H

#include <stddef.h>
#include <stdint.h>

typedef struct config_object config_object;
typedef struct network_object network_object;

typedef struct contacts_contact {
    char name[64];
    char address[128];
} contacts_contact;

config_object *config_new(const char *path);
int config_push(config_object *conf, network_object *net);
void config_free(config_object *conf);

int contacts_get(config_object *conf, contacts_contact *out, const char *name);
int user_profile_get_name(config_object *conf, char *out, size_t len);

network_object *network_init(const char *peer, uint16_t port);
void network_free(network_object *net);

#endif
