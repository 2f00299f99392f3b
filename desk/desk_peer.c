/* desk_peer.c — who is at the other end of a loopback connection: the owner of the peer's
 * socket, read from the kernel's table of TCP sockets (/proc/net/tcp, /proc/net/tcp6).
 * Another user of the computer can reach the desk's port; the desk refuses him before he
 * sends anything (trial 64: a one-time link read from a browser's command line, and 64 idle
 * connections that made the desk unreachable). */
#include <netinet/in.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "carnet/desk.h"

/* The address as the kernel prints it: each 32-bit word of it in the machine's order, in
 * hex, then ":" and the port. Returns false for a family other than IPv4 and IPv6. */
static bool kernel_address(const struct sockaddr *sa, char *out, size_t size)
{
    uint32_t w[4];
    if (sa->sa_family == AF_INET) {
        const struct sockaddr_in *v4 = (const struct sockaddr_in *)sa;
        memcpy(w, &v4->sin_addr, 4);
        snprintf(out, size, "%08X:%04X", (unsigned)w[0], (unsigned)ntohs(v4->sin_port));
        return true;
    }
    if (sa->sa_family == AF_INET6) {
        const struct sockaddr_in6 *v6 = (const struct sockaddr_in6 *)sa;
        memcpy(w, &v6->sin6_addr, 16);
        snprintf(out, size, "%08X%08X%08X%08X:%04X", (unsigned)w[0], (unsigned)w[1], (unsigned)w[2],
                 (unsigned)w[3], (unsigned)ntohs(v6->sin6_port));
        return true;
    }
    return false;
}

/* The port of a "ADDRESS:PORT" field, -1 when it has none. */
static long field_port(const char *field)
{
    const char *colon = strrchr(field, ':');
    char *end;
    long port = colon ? strtol(colon + 1, &end, 16) : -1;
    return colon && end != colon + 1 && !*end ? port : -1;
}

int cn_desk_peer_uid_in(const char *table, const struct sockaddr *peer, unsigned desk_port,
                        unsigned long *uid)
{
    char want[64];
    if (!table || !peer || !kernel_address(peer, want, sizeof want))
        return -1;
    int found = 0;
    for (const char *line = table, *next; line && *line; line = next ? next + 1 : NULL) {
        next = strchr(line, '\n');
        char local[64], remote[64], state[8];
        unsigned long owner;
        if (sscanf(line, "%*s %63s %63s %7s %*s %*s %*s %lu", local, remote, state, &owner) != 4)
            continue;
        /* TIME_WAIT (06) and LISTEN (0A) sockets are no one's: the kernel shows uid 0 */
        if (strcmp(state, "06") == 0 || strcmp(state, "0A") == 0)
            continue;
        if (strcasecmp(local, want) != 0 || field_port(remote) != (long)desk_port)
            continue;
        if (found && owner != *uid)
            return -1; /* two owners: no answer rather than a guess */
        *uid = owner;
        found = 1;
    }
    return found ? 0 : -1;
}

/* The whole of a /proc file (its size is not known before it is read), or NULL. */
static char *read_proc(const char *path)
{
    FILE *f = fopen(path, "r");
    if (!f)
        return NULL;
    size_t len = 0, cap = 0;
    char *text = NULL;
    for (;;) {
        if (len + 4096 + 1 > cap) {
            char *grown = realloc(text, cap = cap ? 2 * cap : 65536);
            if (!grown) {
                free(text);
                fclose(f);
                return NULL;
            }
            text = grown;
        }
        size_t n = fread(text + len, 1, cap - len - 1, f);
        len += n;
        if (n == 0)
            break;
    }
    bool failed = ferror(f);
    fclose(f);
    if (failed) {
        free(text);
        return NULL;
    }
    text[len] = '\0';
    return text;
}

int cn_desk_peer_uid(const struct sockaddr *peer, unsigned desk_port, unsigned long *uid)
{
    if (!peer || (peer->sa_family != AF_INET && peer->sa_family != AF_INET6))
        return -1;
    char *table = read_proc(peer->sa_family == AF_INET ? "/proc/net/tcp" : "/proc/net/tcp6");
    int rc = cn_desk_peer_uid_in(table, peer, desk_port, uid);
    free(table);
    return rc;
}
