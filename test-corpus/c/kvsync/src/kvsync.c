/* expect-none */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kvsync.h"
#include "transport/socket.h"

struct config_object {
    char path[256];
    int dirty;
};

struct network_object {
    int fd;
};

config_object *config_new(const char *path)
{
    config_object *conf = calloc(1, sizeof *conf);
    if (conf)
        snprintf(conf->path, sizeof conf->path, "%s", path);
    return conf;
}

int config_push(config_object *conf, network_object *net)
{
    if (!conf->dirty)
        return 0;
    int rc = socket_send_file(net->fd, conf->path);
    if (rc == 0)
        conf->dirty = 0;
    return rc;
}

void config_free(config_object *conf)
{
    free(conf);
}

int contacts_get(config_object *conf, contacts_contact *out, const char *name)
{
    memset(out, 0, sizeof *out);
    snprintf(out->name, sizeof out->name, "%s", name);
    return socket_lookup(conf->path, name, out->address, sizeof out->address);
}

network_object *network_init(const char *peer, uint16_t port)
{
    network_object *net = malloc(sizeof *net);
    if (net)
        net->fd = socket_connect(peer, port);
    return net;
}

void network_free(network_object *net)
{
    if (net)
        socket_close(net->fd);
    free(net);
}

int main(void)
{
    network_object *net = network_init("replica.internal", 7070);
    config_object *conf = config_new("/var/lib/kvsync/state.db");
    contacts_contact c;
    if (contacts_get(conf, &c, "backup") == 0)
        printf("backup replica at %s\n", c.address);
    int rc = config_push(conf, net);
    config_free(conf);
    network_free(net);
    return rc;
}
