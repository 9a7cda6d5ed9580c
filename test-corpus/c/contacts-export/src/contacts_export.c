/* Exports the contacts of a Session account as CSV, for people who want to
 * take their address book with them before the network shuts down. */
#include <inttypes.h>
#include <stdbool.h>
#include <stdio.h>

#include "csv_writer.h"
// The vendored copy of libsession lives under third_party/ and is included
// with quotes, like the rest of the project's headers.
// expect: libsession/cpp-config
#include "session/config/contacts.h"

#define CSV_HEADER "session_id,name,nickname,approved,blocked\n"

static const char *yes_no(bool value)
{
    return value ? "yes" : "no";
}

// expect: libsession/c-config-api
static void write_contact(csv_writer *out, const contacts_contact *c)
{
    csv_write_field(out, c->session_id);
    csv_write_field(out, c->name);
    csv_write_field(out, c->nickname);
    csv_write_field(out, yes_no(c->approved));
    csv_write_field(out, yes_no(c->blocked));
    csv_end_row(out);
}

// expect: libsession/c-config-api
int export_contacts(config_object *conf, FILE *dest)
{
    csv_writer *out = csv_writer_new(dest);
    fputs(CSV_HEADER, dest);

    // expect: libsession/c-config-api
    contacts_contact c;
    // expect: libsession/c-config-api
    contacts_iterator *it = contacts_iterator_new(conf);
    size_t written = 0;
    // expect: libsession/c-config-api
    for (; !contacts_iterator_done(it, &c); contacts_iterator_advance(it)) {
        write_contact(out, &c);
        written++;
    }
    // expect: libsession/c-config-api
    contacts_iterator_free(it);

    // expect: libsession/c-config-api
    if (written != contacts_size(conf))
        // expect: libsession/c-config-api
        fprintf(stderr, "warning: wrote %zu of %zu contacts\n", written, contacts_size(conf));

    csv_writer_free(out);
    return (int)written;
}

// expect: libsession/c-config-api
bool lookup_contact(config_object *conf, const char *session_id, char *name_out, size_t len)
{
    // expect: libsession/c-config-api
    contacts_contact c;
    // expect: libsession/c-config-api
    if (!contacts_get(conf, &c, session_id))
        return false;
    snprintf(name_out, len, "%s", c.nickname[0] ? c.nickname : c.name);
    return true;
}
