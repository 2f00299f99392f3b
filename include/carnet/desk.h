/* desk.h — the transcription desk: the study in a browser, served by `carnet-collect serve`.
 * This module is the whole HTTP side except the sockets: the session (one-time token, cookie,
 * CSRF), routing, the pages and the assets compiled in, so that it is tested without a server.
 * cn_desk is opaque, owned by the caller (cn_desk_close); it borrows the store. Responses own
 * their body (cn_desk_response_free). Functions return 0, or a negative cn_code with a message. */
#ifndef CARNET_DESK_H
#define CARNET_DESK_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/socket.h>
#include <time.h>

#include "carnet/error.h"
#include "carnet/store.h"

typedef struct cn_desk cn_desk;

#define CN_DESK_SECRET_HEX 65 /* 32 random bytes in hex, and the NUL */
#define CN_DESK_COOKIE_MAX 32 /* "carnet_desk_" and 16 hex digits, and the NUL */

/* Opens a desk on store with a fresh one-time token and session secret (getrandom).
 * today_override: a "YYYY-MM-DD" that pins today (CARNET_TODAY), or NULL for the clock. */
int cn_desk_open(cn_store *store, const char *today_override, cn_desk **out, cn_error *err);
void cn_desk_close(cn_desk *desk);

/* Where the desk's analyses go (db_path + ".runs", made 0700 at the first) and the
 * carnet-analyse it starts (a path, or a name looked up in PATH); without it the themes page
 * says so. Both are kept as absolute paths (db_path's folder must exist), which carnet-analyse
 * then records. CN_EINVALID for a path too long, CN_EIO for a folder that cannot be found. */
int cn_desk_set_runs(cn_desk *desk, const char *db_path, const char *analyse, cn_error *err);

/* The one-time token of the URL printed at start, and the CSRF token every form carries. */
const char *cn_desk_token(const cn_desk *desk);
const char *cn_desk_csrf(const cn_desk *desk);
/* The session cookie's name, "carnet_desk_" and random hex: browsers keep cookies by host,
 * not by port, so two desks open at once (two studies) each keep their own session. */
const char *cn_desk_cookie_name(const cn_desk *desk);

/* Puts the desk's pages under a secret prefix ("/d" and 32 random hex digits), its cookie
 * scoped to it (Path=PREFIX/): browsers keep cookies by host, not by port, so that without
 * it the session cookie went with every request of the browser to any program listening on
 * another port of 127.0.0.1 — another user's of the computer included, who could replay it
 * (a data-protection review found it). A request outside the prefix gets a 404 that says
 * so; the links and redirects of every page carry the prefix. `serve` scopes its desk; an
 * unscoped desk (the tests) answers at "/". */
#define CN_DESK_BASE_MAX 40
int cn_desk_scope(cn_desk *desk, cn_error *err);
/* The prefix of a scoped desk, "" otherwise: the printed link is http://HOST:PORT PREFIX
 * "/?token=...". */
const char *cn_desk_base(const cn_desk *desk);

/* One request as the server read it. Strings are borrowed; NULL when absent. */
typedef struct cn_desk_request {
    const char *method; /* "GET", "POST", ... */
    const char *path;   /* without the query: "/p/P07" */
    const char *query;  /* raw, still percent-encoded: "token=...&by=age" */
    const char *target; /* the request target as sent, still percent-encoded
                           ("/p/P07?by=age"), or NULL: what path and query were decoded
                           from, for the checks a decoded path can no longer show (a %00
                           where a server cut it) */
    const char *host;   /* the Host header */
    const char *cookie; /* the Cookie header */
    const char *origin; /* the Origin header, or NULL */
    const char *content_type;
    const char *body; /* POST: the urlencoded form */
    size_t body_len;
} cn_desk_request;

typedef struct cn_desk_response {
    int status;
    const char *content_type; /* a constant string */
    char *body;               /* malloc'd */
    size_t len;
    char location[512];   /* "" or the target of a redirect */
    char set_cookie[256]; /* "" or the Set-Cookie header */
    char disposition[96]; /* "" or the Content-Disposition of a download */
    const char *csp;      /* NULL, or a constant policy replacing the desk's (a report) */
    bool cacheable;       /* an asset, the same for the life of the process */
} cn_desk_response;

/* Answers one request: checks the Host (a loopback name), the session cookie (or the one-time
 * token, which sets it and redirects to the URL without it), the CSRF token of every POST,
 * then routes. Refusals are answers (403, 404, 405...), not errors: -1 only when memory runs
 * out. */
int cn_desk_handle(cn_desk *desk, const cn_desk_request *req, cn_desk_response *resp,
                   cn_error *err);
void cn_desk_response_free(cn_desk_response *resp);

/* The headers every answer carries (a strict Content-Security-Policy, nosniff, no framing,
 * no referrer), NULL-terminated pairs of name and value. */
extern const char *const cn_desk_headers[];
/* The Cache-Control of answers that are not assets. */
#define CN_DESK_NO_STORE "no-store"

/* Removes the folders of uploaded files (the import page's copy, in $TMPDIR, else /tmp) that
 * a desk killed during an import left behind: this user's, made before `before`, of no desk
 * still running. Returns how many were removed. `serve` calls it at start (trial 64). */
int cn_desk_sweep_uploads(time_t before);

/* The owner (uid) of the socket at the other end of a loopback connection to the desk's
 * port: the line of the kernel's TCP table (table: the text of /proc/net/tcp for an IPv4
 * peer, /proc/net/tcp6 for IPv6) whose local address is peer's and whose remote port is
 * desk_port. -1 when no line, or lines of two owners, say it: the caller refuses the
 * connection then. cn_desk_peer_uid reads the table of the peer's family. */
int cn_desk_peer_uid_in(const char *table, const struct sockaddr *peer, unsigned desk_port,
                        unsigned long *uid);
int cn_desk_peer_uid(const struct sockaddr *peer, unsigned desk_port, unsigned long *uid);

/* Checks that address is 127.0.0.1, ::1 or "localhost" (which means 127.0.0.1), the names
 * the pages answer to, and writes its numeric form into out (size bytes); NULL is the
 * default, 127.0.0.1. CN_EINVALID otherwise (another 127.x, an empty address), with a
 * message saying why the desk listens there only. */
int cn_desk_loopback(const char *address, char *out, size_t size, cn_error *err);

/* Urlencoded forms and queries, decoded: value of name, or NULL. *value is malloc'd.
 * CN_EINVALID for a value holding a NUL byte (%00), which no C string can carry whole. */
int cn_desk_param(const char *encoded, size_t len, const char *name, char **value, cn_error *err);

/* Compares two secrets in time that does not depend on where they differ. */
bool cn_desk_secret_equal(const char *a, const char *b);

#endif
