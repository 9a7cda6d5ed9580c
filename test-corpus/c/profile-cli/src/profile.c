/*
 * profile-cli: prints and edits the display name stored in a Session
 * user-profile config dump.
 *
 *   profile-cli <seed.hex> <dump.bin> [new-name]
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "hexutil.h"
// expect: libsession/cpp-config
#include <session/config/base.h>
// expect: libsession/cpp-config
#include <session/config/user_profile.h>

static unsigned char *read_file(const char *path, size_t *len_out)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    fseek(f, 0, SEEK_END);
    long len = ftell(f);
    fseek(f, 0, SEEK_SET);
    unsigned char *buf = malloc(len > 0 ? (size_t)len : 1);
    if (buf && fread(buf, 1, (size_t)len, f) != (size_t)len) {
        free(buf);
        buf = NULL;
    }
    fclose(f);
    *len_out = (size_t)len;
    return buf;
}

// expect: libsession/c-config-api
static int write_dump(config_object *conf, const char *path)
{
    unsigned char *dump = NULL;
    size_t dump_len = 0;
    // expect: libsession/c-config-api
    config_dump(conf, &dump, &dump_len);
    FILE *f = fopen(path, "wb");
    if (!f) {
        free(dump);
        return -1;
    }
    fwrite(dump, 1, dump_len, f);
    fclose(f);
    free(dump);
    return 0;
}

int main(int argc, char **argv)
{
    if (argc < 3) {
        fprintf(stderr, "usage: %s <seed.hex> <dump.bin> [new-name]\n", argv[0]);
        return 2;
    }

    unsigned char seed[64];
    if (hex_decode(argv[1], seed, sizeof seed) != sizeof seed) {
        fprintf(stderr, "the seed must be 64 bytes of hex\n");
        return 2;
    }

    size_t dump_len = 0;
    unsigned char *dump = read_file(argv[2], &dump_len);

    // expect: libsession/c-config-api
    config_object *conf = NULL;
    char err[256];
    // expect: libsession/c-config-api
    if (user_profile_init(&conf, seed, dump, dump_len, err) != 0) {
        fprintf(stderr, "cannot load profile: %s\n", err);
        free(dump);
        return 1;
    }
    free(dump);

    // expect: libsession/c-config-api
    const char *name = user_profile_get_name(conf);
    printf("display name: %s\n", name ? name : "(none)");

    // expect: libsession/c-config-api
    user_profile_pic pic = user_profile_get_pic(conf);
    if (pic.url[0])
        printf("avatar: %s\n", pic.url);

    if (argc > 3) {
        // expect: libsession/c-config-api
        user_profile_set_name(conf, argv[3]);
        // expect: libsession/c-config-api
        if (config_needs_dump(conf) && write_dump(conf, argv[2]) != 0)
            fprintf(stderr, "could not write %s\n", argv[2]);
    }

    // expect: libsession/c-config-api
    config_free(conf);
    return 0;
}
