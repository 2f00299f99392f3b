/* cmd_serve.c — carnet-collect serve: the transcription desk on the loopback address. This
 * file is the socket side only (libmicrohttpd, one thread, so the study database has one
 * user); the session, pages and checks are the desk library's (desk.h). It runs until
 * interrupted (Ctrl+C); the session ends with the process. */
#include <arpa/inet.h>
#include <ctype.h>
#include <pthread.h>
#include <microhttpd.h>
#include <netinet/in.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <sys/socket.h>
#include <unistd.h>

#include "carnet/desk.h"
#include "carnet/entry.h"
#include "cli.h"

/* A POST larger than this is refused: an entry is at most CN_ENTRY_TEXT_MAX bytes, which
 * urlencoding may triple. */
#define BODY_MAX (3 * CN_ENTRY_TEXT_MAX + 4096)
/* The import page posts a whole file (its preview, then the same text again): up to 32 MiB
 * of text, urlencoded. Larger files go through `carnet-collect import`. */
#define IMPORT_BODY_MAX ((size_t)96 * 1024 * 1024)

/* Seconds a connection may stay silent: a half-sent request held open kept one of the 64
 * connections from the typist (trial 64, 120 s then). A browser posting a long form keeps
 * sending, and reopens an idle keep-alive connection that was closed. */
#define IDLE_TIMEOUT 30u

typedef struct server {
    cn_desk *desk;
    _Atomic unsigned port;      /* the desk's, known after the start with --port 0 */
    bool said_unknown;          /* "cannot tell who connects" said (the server's thread only) */
    _Atomic unsigned answering; /* requests begun whose answer is not sent yet */
} server;

/* One request: its target as sent, and the body of a POST, gathered over the calls
 * libmicrohttpd makes for it. */
typedef struct upload {
    char *target; /* still percent-encoded: a decoded %00 would end the path unseen */
    bool begun;   /* the headers were answered */
    char *data;
    size_t len;
    bool too_large;
    server *counted; /* in its server's `answering` from its request line on */
} upload;

/* The request's state, made as its request line is read, with the target as the client sent
 * it (libmicrohttpd decodes the path and the query's values before the handler sees them,
 * and a %00 cuts them there). NULL, out of memory: the handler then refuses the request. */
static void *begin_request(void *cls, const char *uri, struct MHD_Connection *conn)
{
    (void)conn;
    upload *up = calloc(1, sizeof *up);
    if (up && !(up->target = strdup(uri ? uri : ""))) {
        free(up);
        up = NULL;
    }
    if (up) { /* counted from here: a stop waits for a slow upload too (trial 81) */
        up->counted = cls;
        atomic_fetch_add(&up->counted->answering, 1);
    }
    return up;
}

/* Rebuilds the raw query from the arguments libmicrohttpd decoded, re-encoded. */
typedef struct query_buf {
    char data[2048];
    size_t len;
    bool overflow;
} query_buf;

static void put_encoded(query_buf *q, const char *s)
{
    for (; s && *s; s++) {
        unsigned char ch = (unsigned char)*s;
        int need = isalnum(ch) || strchr("-._~", ch) ? 1 : 3;
        if (q->len + (size_t)need + 1 >= sizeof q->data) {
            q->overflow = true;
            return;
        }
        if (need == 1)
            q->data[q->len++] = (char)ch;
        else
            q->len += (size_t)snprintf(q->data + q->len, 4, "%%%02X", ch);
    }
    q->data[q->len] = '\0';
}

static enum MHD_Result add_arg(void *cls, enum MHD_ValueKind kind, const char *key,
                               const char *value)
{
    (void)kind;
    query_buf *q = cls;
    if (q->len && q->len + 2 < sizeof q->data) {
        q->data[q->len++] = '&';
        q->data[q->len] = '\0';
    }
    put_encoded(q, key);
    if (value) {
        if (q->len + 2 < sizeof q->data) {
            q->data[q->len++] = '=';
            q->data[q->len] = '\0';
        }
        put_encoded(q, value);
    }
    return MHD_YES;
}

static enum MHD_Result reply(struct MHD_Connection *conn, cn_desk_response *r)
{
    struct MHD_Response *resp =
        MHD_create_response_from_buffer(r->len, r->body ? r->body : (void *)"",
                                        r->body ? MHD_RESPMEM_MUST_FREE : MHD_RESPMEM_PERSISTENT);
    if (!resp)
        return MHD_NO;
    r->body = NULL; /* libmicrohttpd frees it */
    for (const char *const *h = cn_desk_headers; *h; h += 2)
        MHD_add_response_header(
            resp, h[0], r->csp && strcmp(h[0], "Content-Security-Policy") == 0 ? r->csp : h[1]);
    if (r->content_type)
        MHD_add_response_header(resp, MHD_HTTP_HEADER_CONTENT_TYPE, r->content_type);
    MHD_add_response_header(resp, MHD_HTTP_HEADER_CACHE_CONTROL,
                            r->cacheable ? "private, max-age=3600" : CN_DESK_NO_STORE);
    if (r->location[0])
        MHD_add_response_header(resp, MHD_HTTP_HEADER_LOCATION, r->location);
    if (r->set_cookie[0])
        MHD_add_response_header(resp, MHD_HTTP_HEADER_SET_COOKIE, r->set_cookie);
    if (r->disposition[0])
        MHD_add_response_header(resp, MHD_HTTP_HEADER_CONTENT_DISPOSITION, r->disposition);
    enum MHD_Result ok = MHD_queue_response(conn, (unsigned)r->status, resp);
    MHD_destroy_response(resp);
    return ok;
}

static enum MHD_Result plain(struct MHD_Connection *conn, unsigned status, const char *text)
{
    cn_desk_response r = {.status = (int)status, .content_type = "text/plain; charset=utf-8"};
    r.body = strdup(text);
    r.len = r.body ? strlen(r.body) : 0;
    return reply(conn, &r);
}

/* Whether url is the desk's import page, under its prefix: an import's body may be larger. */
static bool is_import(const cn_desk *desk, const char *url)
{
    size_t n = strlen(cn_desk_base(desk));
    return strncmp(url, cn_desk_base(desk), n) == 0 && strcmp(url + n, "/import") == 0;
}

static enum MHD_Result answer(void *cls, struct MHD_Connection *conn, const char *url,
                              const char *method, const char *version, const char *data,
                              size_t *size, void **state)
{
    (void)version;
    server *srv = cls;
    upload *up = *state;
    if (!up) /* begin_request ran out of memory */
        return MHD_NO;
    if (!up->begun) { /* the headers: answer on a later call, with the body */
        up->begun = true;
        return MHD_YES;
    }
    if (*size) {
        size_t max = is_import(srv->desk, url) ? IMPORT_BODY_MAX : BODY_MAX;
        if (!up->too_large && up->len + *size <= max) {
            char *grown = realloc(up->data, up->len + *size + 1);
            if (!grown)
                return MHD_NO;
            up->data = grown;
            memcpy(up->data + up->len, data, *size);
            up->len += *size;
            up->data[up->len] = '\0';
        } else {
            up->too_large = true;
        }
        *size = 0;
        return MHD_YES;
    }
    if (up->too_large)
        return plain(conn, 413,
                     "too large for the desk: a form takes up to 3 MB, an import about 32 MB;"
                     " import a larger file with 'carnet-collect import'");
    query_buf q = {.len = 0};
    MHD_get_connection_values(conn, MHD_GET_ARGUMENT_KIND, add_arg, &q);
    if (q.overflow)
        return plain(conn, 414, "query too long");
    cn_desk_request req = {
        .method = method,
        .path = url,
        .query = q.data,
        .target = up->target,
        .host = MHD_lookup_connection_value(conn, MHD_HEADER_KIND, MHD_HTTP_HEADER_HOST),
        .cookie = MHD_lookup_connection_value(conn, MHD_HEADER_KIND, MHD_HTTP_HEADER_COOKIE),
        .origin = MHD_lookup_connection_value(conn, MHD_HEADER_KIND, MHD_HTTP_HEADER_ORIGIN),
        .content_type =
            MHD_lookup_connection_value(conn, MHD_HEADER_KIND, MHD_HTTP_HEADER_CONTENT_TYPE),
        .body = up->data,
        .body_len = up->len,
    };
    cn_desk_response r;
    cn_error err = {0};
    if (cn_desk_handle(srv->desk, &req, &r, &err) < 0) {
        fprintf(stderr, "carnet-collect serve: %s\n", err.msg);
        return plain(conn, 500, err.msg);
    }
    return reply(conn, &r);
}

static void finished(void *cls, struct MHD_Connection *conn, void **state,
                     enum MHD_RequestTerminationCode code)
{
    (void)cls, (void)conn, (void)code;
    upload *up = *state;
    if (up && up->counted)
        atomic_fetch_sub(&up->counted->answering, 1);
    if (up) {
        free(up->target);
        free(up->data);
        free(up);
    }
    *state = NULL;
}

/* At accept, before a byte is read: only this user's programs (the uid owning the peer's
 * socket) reach the desk. Another user of the computer could otherwise open a one-time link
 * read from a browser's command line before the browser does, read the /alive proof, or hold
 * every connection idle (trial 64). Root's browser is refused too when the desk is not
 * root's: uid 0 is also what the kernel shows for sockets no one owns. When the owner cannot
 * be read, the connection is refused (fail closed), and that is said once. */
static enum MHD_Result accept_peer(void *cls, const struct sockaddr *addr, socklen_t len)
{
    (void)len;
    server *srv = cls;
    unsigned long uid = 0;
    if (cn_desk_peer_uid(addr, atomic_load(&srv->port), &uid) == 0)
        return uid == (unsigned long)getuid() ? MHD_YES : MHD_NO;
    if (!srv->said_unknown)
        fprintf(stderr, "carnet-collect serve: cannot tell which user a connection comes from"
                        " (/proc/net/tcp): refused; the desk answers its own user only\n");
    srv->said_unknown = true;
    return MHD_NO;
}

/* The listening address as a socket address. */
static int socket_address(const char *numeric, int port, struct sockaddr_storage *ss)
{
    memset(ss, 0, sizeof *ss);
    struct sockaddr_in *v4 = (struct sockaddr_in *)ss;
    struct sockaddr_in6 *v6 = (struct sockaddr_in6 *)ss;
    if (inet_pton(AF_INET, numeric, &v4->sin_addr) == 1) {
        v4->sin_family = AF_INET;
        v4->sin_port = htons((uint16_t)port);
        return AF_INET;
    }
    if (inet_pton(AF_INET6, numeric, &v6->sin6_addr) == 1) {
        v6->sin6_family = AF_INET6;
        v6->sin6_port = htons((uint16_t)port);
        return AF_INET6;
    }
    return -1;
}

/* The carnet-analyse that the themes page starts: $CARNET_ANALYSE, else the one installed
 * beside this carnet-collect, else the one found in PATH. */
static void analyse_program(char *out, size_t size)
{
    const char *env = getenv("CARNET_ANALYSE");
    if (env && *env) {
        snprintf(out, size, "%s", env);
        return;
    }
    char self[4096];
    ssize_t n = readlink("/proc/self/exe", self, sizeof self - 1);
    char *slash = n > 0 ? (self[n] = '\0', strrchr(self, '/')) : NULL;
    if (slash) {
        snprintf(out, size, "%.*s/carnet-analyse", (int)(slash - self), self);
        if (access(out, X_OK) == 0)
            return;
    }
    snprintf(out, size, "carnet-analyse");
}

/* After Ctrl+C or TERM: no new connection, and the requests begun (an import of a large
 * file, a save, an upload still arriving) end and their pages are sent before the server
 * stops. Stopped at once, the import was stored and the browser shown only "empty reply",
 * the terminal "stopped" (trial 79: whether the file was imported could not be told). A
 * second signal, or STOP_WAIT_S seconds, end the program there and then: the server's
 * thread cannot be stopped in the middle of a request, and a transaction cut by the end is
 * rolled back when the study is next opened, as after a crash. */
#define STOP_WAIT_S 60
static void stop_desk(struct MHD_Daemon *d, server *srv, const sigset_t *stop, int sig)
{
    MHD_socket listening = MHD_quiesce_daemon(d);
    if (atomic_load(&srv->answering) > 0) {
        fprintf(stderr, "carnet-collect serve: stopping once the request in progress is"
                        " answered (Ctrl+C again stops at once)\n");
        const struct timespec tick = {.tv_nsec = 100 * 1000 * 1000};
        int again = 0;
        for (int i = 0; i < STOP_WAIT_S * 10 && atomic_load(&srv->answering) > 0 && again <= 0; i++)
            again = sigtimedwait(stop, NULL, &tick);
        if (atomic_load(&srv->answering) > 0) {
            fprintf(stderr,
                    "carnet-collect serve: stopped at once, before the request in progress was"
                    " answered: an import or a save it was making is stored whole or not at"
                    " all; look at the study before doing it again\n");
            _exit(128 + (again > 0 ? again : sig));
        }
    }
    MHD_stop_daemon(d);
    if (listening != MHD_INVALID_SOCKET)
        close(listening);
    fprintf(stderr, "carnet-collect serve: stopped\n");
}

int cmd_serve(cli *ctx, int argc, char **argv)
{
    int port = 8470;
    const char *address = "127.0.0.1";
    const cn_option options[] = {
        CN_OPT_INT("--port", "N", &port, 0, 65535, "listen on port N (0: any free port, printed)"),
        CN_OPT_STRING("--address", "A", &address,
                      "listen on loopback address A: 127.0.0.1 (default), ::1 or"
                      " localhost; any other is refused"),
        CN_OPT_END(),
    };
    ctx->cmd.options = options;
    /* Checked before the database is opened: a refused address changes nothing. */
    for (int i = 0; i + 1 < argc; i++)
        if (strcmp(argv[i], "--address") == 0)
            address = argv[i + 1];
        else if (strncmp(argv[i], "--address=", 10) == 0)
            address = argv[i] + 10;
    char numeric[64];
    cn_error err = {0};
    if (cn_desk_loopback(address, numeric, sizeof numeric, &err) < 0)
        return cn_opt_fail(&ctx->cmd, "%s", err.msg);
    if (!cli_parse(ctx, argc, argv))
        return ctx->status;
    if (cn_desk_loopback(address, numeric, sizeof numeric, &err) < 0)
        return cn_opt_fail(&ctx->cmd, "%s", err.msg);
    struct sockaddr_storage ss;
    int family = socket_address(numeric, port, &ss);
    server srv = {.port = (unsigned)port};
    char analyse[4096];
    analyse_program(analyse, sizeof analyse);
    if (cn_desk_open(ctx->store, getenv("CARNET_TODAY"), &srv.desk, &err) < 0)
        return cli_fail(ctx, &err);
    /* a copy of the diaries a killed desk left in the temporary folder (trial 64) */
    int swept = cn_desk_sweep_uploads(time(NULL));
    if (swept)
        fprintf(stderr,
                "carnet-collect serve: removed %d folder(s) holding the copy of a file an"
                " earlier desk, stopped during an import, left in the temporary folder\n",
                swept);
    /* the pages under a secret prefix, the cookie with them: no other program listening on
     * 127.0.0.1 is sent the session (desk.h) */
    if (cn_desk_scope(srv.desk, &err) < 0 ||
        cn_desk_set_runs(srv.desk, ctx->db_path, analyse, &err) < 0) {
        cn_desk_close(srv.desk);
        return cli_fail(ctx, &err);
    }
    /* Ctrl+C and TERM are waited for here, not delivered to the server's thread. */
    sigset_t stop;
    sigemptyset(&stop);
    sigaddset(&stop, SIGINT);
    sigaddset(&stop, SIGTERM);
    pthread_sigmask(SIG_BLOCK, &stop, NULL);
    /* ITC: what lets the desk stop taking connections while it finishes one (stop_desk) */
    unsigned flags = MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_ERROR_LOG | MHD_USE_ITC;
    if (family == AF_INET6)
        flags |= MHD_USE_IPv6;
    struct MHD_Daemon *d = MHD_start_daemon(
        flags, (uint16_t)port, accept_peer, &srv, answer, &srv, MHD_OPTION_SOCK_ADDR,
        (struct sockaddr *)&ss, MHD_OPTION_NOTIFY_COMPLETED, finished, NULL,
        MHD_OPTION_URI_LOG_CALLBACK, begin_request, &srv, MHD_OPTION_CONNECTION_LIMIT, 64u,
        MHD_OPTION_CONNECTION_TIMEOUT, IDLE_TIMEOUT, MHD_OPTION_END);
    if (!d) {
        cn_desk_close(srv.desk);
        cn_error_code(&err, CN_EIO,
                      "cannot listen on %s port %d (in use? another desk may be running there: "
                      "--port 0 takes any free port)",
                      numeric, port);
        return cli_fail(ctx, &err);
    }
    const union MHD_DaemonInfo *info = MHD_get_daemon_info(d, MHD_DAEMON_INFO_BIND_PORT);
    int bound = info ? info->port : port;
    atomic_store(&srv.port, (unsigned)bound);
    bool v6 = family == AF_INET6;
    /* said before the link: the typist learnt it only when a save was refused (trial 62) */
    const char *read_only = cn_store_read_only(ctx->db_path);
    if (read_only)
        fprintf(stderr,
                "carnet-collect serve: warning: %s cannot be written: %s (SQLite writes its"
                " journal beside the file): the desk shows the study, but saves and drafts"
                " will be refused; to type, stop it and copy the study to a folder you can"
                " write\n",
                ctx->db_path, read_only);
    printf("Carnet desk for %s: open\n  http://%s%s%s:%d%s/?token=%s\n(this computer only; Ctrl+C"
           " stops it and ends the session)\n",
           ctx->db_path, v6 ? "[" : "", numeric, v6 ? "]" : "", bound, cn_desk_base(srv.desk),
           cn_desk_token(srv.desk));
    fflush(stdout);
    int sig = 0;
    sigwait(&stop, &sig);
    stop_desk(d, &srv, &stop, sig);
    cn_desk_close(srv.desk);
    return CLI_OK;
}
