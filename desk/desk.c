/* desk.c — the desk's session, its checks on every request, and the routing (see desk.h).
 *
 * The session: `serve` prints a URL with a one-time token; its first use sets an HttpOnly,
 * SameSite=Strict cookie holding the session secret and redirects to the same page without
 * the token, which then leaves no trace in the history. Every other request must carry the
 * cookie, and every POST the CSRF token, an HMAC of the session secret, so that it is tied
 * to this session and to this process: the session ends with it; a POST whose Origin
 * header names another page is refused before its token is read. */
#include "desk_internal.h"
#include "carnet/langcode.h"

#include <arpa/inet.h>
#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <nettle/hmac.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <unistd.h>

const char *const cn_desk_headers[] = {
    "Content-Security-Policy",
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self'; "
    "connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; "
    "frame-ancestors 'none'",
    "X-Content-Type-Options",
    "nosniff",
    "X-Frame-Options",
    "DENY",
    /* Not no-referrer, under which a browser names the desk's own forms' origin "null"
     * (Fetch's rule), as it does a saved copy's: same-origin keeps the Origin header
     * telling the desk's pages from others' (origin_is_desk), and sends no address away. */
    "Referrer-Policy",
    "same-origin",
    "Cross-Origin-Opener-Policy",
    "same-origin",
    NULL,
};

static void to_hex(const unsigned char *bytes, size_t n, char *out)
{
    for (size_t i = 0; i < n; i++)
        snprintf(out + 2 * i, 3, "%02x", bytes[i]);
}

/* n random bytes from the kernel; getrandom blocks only until the pool is first seeded. */
static int random_bytes(unsigned char *out, size_t n, cn_error *err)
{
    size_t got = 0;
    while (got < n) {
        ssize_t r = getrandom(out + got, n - got, 0);
        if (r < 0 && errno == EINTR)
            continue;
        if (r < 0)
            return cn_error_code(err, CN_EIO, "getrandom: %s", strerror(errno));
        got += (size_t)r;
    }
    return 0;
}

int cn_desk_open(cn_store *store, const char *today_override, cn_desk **out, cn_error *err)
{
    cn_date today;
    if (cn_date_today(today_override, &today, err) < 0)
        return CN_EINVALID;
    cn_desk *d = calloc(1, sizeof *d);
    if (!d)
        return cn_error_nomem(err);
    d->store = store;
    if (today_override) {
        d->pinned = true;
        cn_date_format(today, d->today_text);
    }
    unsigned char token[32], session[32], name[8];
    if (random_bytes(token, sizeof token, err) < 0 ||
        random_bytes(session, sizeof session, err) < 0 ||
        random_bytes(name, sizeof name, err) < 0) {
        free(d);
        return CN_EIO;
    }
    to_hex(token, sizeof token, d->token);
    to_hex(session, sizeof session, d->session);
    memcpy(d->cookie_name, "carnet_desk_", 12);
    to_hex(name, sizeof name, d->cookie_name + 12);
    struct hmac_sha256_ctx mac;
    unsigned char digest[SHA256_DIGEST_SIZE];
    hmac_sha256_set_key(&mac, strlen(d->session), (const uint8_t *)d->session);
    hmac_sha256_update(&mac, 9, (const uint8_t *)"desk-csrf");
    hmac_sha256_digest(&mac, sizeof digest, digest);
    to_hex(digest, sizeof digest, d->csrf);
    hmac_sha256_set_key(&mac, strlen(d->session), (const uint8_t *)d->session);
    hmac_sha256_update(&mac, 10, (const uint8_t *)"desk-alive");
    hmac_sha256_digest(&mac, sizeof digest, digest);
    to_hex(digest, sizeof digest, d->alive);
    *out = d;
    return 0;
}

void cn_desk_close(cn_desk *desk)
{
    free(desk);
}

const char *cn_desk_token(const cn_desk *desk)
{
    return desk->token;
}

const char *cn_desk_csrf(const cn_desk *desk)
{
    return desk->csrf;
}

const char *cn_desk_cookie_name(const cn_desk *desk)
{
    return desk->cookie_name;
}

int cn_desk_scope(cn_desk *desk, cn_error *err)
{
    unsigned char secret[16];
    if (random_bytes(secret, sizeof secret, err) < 0)
        return CN_EIO;
    desk->base[0] = '/';
    desk->base[1] = 'd';
    to_hex(secret, sizeof secret, desk->base + 2);
    return 0;
}

const char *cn_desk_base(const cn_desk *desk)
{
    return desk->base;
}

/* The attributes whose values are the desk's own paths in its pages ("/p/P01"): a scoped
 * desk's carry its prefix. Values of form fields ("next") stay local paths, which
 * desk_redirect prefixes. */
static const char *const link_attributes[] = {" href=\"/", " action=\"/", " src=\"/",
                                              " data-draft=\"/", " data-alive=\"/"};

/* The page in h with the desk's prefix inserted into each link (link_attributes); a diary's
 * text cannot fake one, as its quotes are escaped. false when memory runs out. */
static bool scope_links(cn_html *h, const char *base)
{
    if (!h->data)
        return true;
    size_t blen = strlen(base), extra = 0;
    const size_t nattr = sizeof link_attributes / sizeof *link_attributes;
    for (size_t k = 0; k < nattr; k++)
        for (const char *at = h->data; (at = strstr(at, link_attributes[k])); at++)
            extra += blen;
    if (!extra)
        return true;
    char *out = malloc(h->len + extra + 1), *w = out;
    if (!out)
        return false;
    for (const char *r = h->data; *r;) {
        size_t k = 0, alen = 0;
        if (*r == ' ')
            for (; k < nattr; k++)
                if (strncmp(r, link_attributes[k], (alen = strlen(link_attributes[k]))) == 0)
                    break;
        if (*r == ' ' && k < nattr) {
            memcpy(w, r, alen - 1); /* up to the quote; the path's '/' follows the prefix */
            w += alen - 1;
            memcpy(w, base, blen);
            w += blen;
            r += alen - 1;
        } else {
            *w++ = *r++;
        }
    }
    *w = '\0';
    free(h->data);
    h->data = out;
    h->len = (size_t)(w - out);
    h->cap = h->len + 1;
    return true;
}

bool cn_desk_secret_equal(const char *a, const char *b)
{
    if (!a || !b)
        return false;
    size_t la = strlen(a), lb = strlen(b);
    unsigned char diff = la != lb;
    for (size_t i = 0; i < la; i++)
        diff |= (unsigned char)(a[i] ^ b[i % (lb ? lb : 1)]);
    return diff == 0 && lb > 0;
}

int cn_desk_loopback(const char *address, char *out, size_t size, cn_error *err)
{
    const char *why = "the desk serves health data to this computer only: it listens on a"
                      " loopback address (127.0.0.1, ::1 or localhost)";
    if (!address) /* not given */
        address = "127.0.0.1";
    if (!*address)
        return cn_error_code(err, CN_EINVALID, "--address '': empty; %s", why);
    if (strcmp(address, "localhost") == 0)
        address = "127.0.0.1";
    struct in_addr v4;
    struct in6_addr v6;
    if (inet_pton(AF_INET, address, &v4) == 1) {
        if ((ntohl(v4.s_addr) >> 24) != 127)
            return cn_error_code(err, CN_EINVALID, "--address %s: not a loopback address; %s",
                                 address, why);
        /* the pages answer to the Host 127.0.0.1 or localhost only: 127.0.0.2 served
         * nothing but refusals (trial 64) */
        if (ntohl(v4.s_addr) != INADDR_LOOPBACK)
            return cn_error_code(err, CN_EINVALID, "--address %s: not 127.0.0.1; %s", address, why);
    } else if (inet_pton(AF_INET6, address, &v6) == 1) {
        if (!IN6_IS_ADDR_LOOPBACK(&v6))
            return cn_error_code(err, CN_EINVALID, "--address %s: not a loopback address; %s",
                                 address, why);
    } else {
        return cn_error_code(err, CN_EINVALID, "--address %s: not a numeric address; %s", address,
                             why);
    }
    if ((size_t)snprintf(out, size, "%s", address) >= size)
        return cn_error_code(err, CN_EINVALID, "--address: too long");
    return 0;
}

static int hex_value(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    c = (char)tolower((unsigned char)c);
    return c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
}

/* Decodes one urlencoded component (+ is a space) into a new string; *out_len (if not NULL)
 * is its length, which a %00 makes longer than strlen. */
static char *decode(const char *s, size_t len, size_t *out_len)
{
    char *out = malloc(len + 1);
    if (!out)
        return NULL;
    size_t n = 0;
    for (size_t i = 0; i < len; i++) {
        if (s[i] == '+') {
            out[n++] = ' ';
        } else if (s[i] == '%' && i + 2 < len && hex_value(s[i + 1]) >= 0 &&
                   hex_value(s[i + 2]) >= 0) {
            out[n++] = (char)(hex_value(s[i + 1]) * 16 + hex_value(s[i + 2]));
            i += 2;
        } else {
            out[n++] = s[i];
        }
    }
    out[n] = '\0';
    if (out_len)
        *out_len = n;
    return out;
}

/* Which bytes a part of a request may not hold once percent-decoded: a path none of the
 * controls (C0 or DEL); a query, a form sent by GET, none but the tab and line breaks of its
 * text boxes (the export's conditions, a line each: trial 49 found them refused); a form's
 * body a NUL only. */
typedef enum request_part { PART_PATH, PART_QUERY, PART_BODY } request_part;

static bool decodes_to_control(const char *s, size_t len, request_part part)
{
    for (size_t i = 0; s && i < len; i++) {
        unsigned char ch = (unsigned char)s[i];
        if (ch == '%' && i + 2 < len && hex_value(s[i + 1]) >= 0 && hex_value(s[i + 2]) >= 0) {
            ch = (unsigned char)(hex_value(s[i + 1]) * 16 + hex_value(s[i + 2]));
            i += 2;
        }
        bool control = ch < 0x20 || ch == 0x7f;
        bool text = ch == '\t' || ch == '\r' || ch == '\n';
        if (ch == 0 || (part == PART_PATH && control) || (part == PART_QUERY && control && !text))
            return true;
    }
    return false;
}

/* A request whose path or query holds a control character once decoded (request_part), or
 * whose form holds a NUL: the path as the server decoded it, the target it decoded it from
 * (where a %00 cut the path: /runs/R/report.html%00.csv read as report.html), the query,
 * the body. */
static bool request_is_malformed(const cn_desk_request *req)
{
    if (req->path && decodes_to_control(req->path, strlen(req->path), PART_PATH))
        return true;
    if (req->query && decodes_to_control(req->query, strlen(req->query), PART_QUERY))
        return true;
    if (req->target) {
        size_t path_len = strcspn(req->target, "?");
        if (decodes_to_control(req->target, path_len, PART_PATH) ||
            decodes_to_control(req->target + path_len, strlen(req->target + path_len), PART_QUERY))
            return true;
    }
    return req->body && decodes_to_control(req->body, req->body_len, PART_BODY);
}

int cn_desk_param(const char *encoded, size_t len, const char *name, char **value, cn_error *err)
{
    *value = NULL;
    size_t nlen = strlen(name), i = 0;
    while (encoded && i < len) {
        const char *amp = memchr(encoded + i, '&', len - i);
        size_t end = amp ? (size_t)(amp - encoded) : len;
        const char *eq = memchr(encoded + i, '=', end - i);
        size_t key_end = eq ? (size_t)(eq - encoded) : end;
        char *key = decode(encoded + i, key_end - i, NULL);
        if (!key)
            return cn_error_nomem(err);
        bool match = strlen(key) == nlen && memcmp(key, name, nlen) == 0;
        free(key);
        if (match) {
            size_t vstart = eq ? key_end + 1 : end;
            size_t n;
            *value = decode(encoded + vstart, end - vstart, &n);
            if (!*value)
                return cn_error_nomem(err);
            if (strlen(*value) != n) { /* a NUL byte would cut the text short unseen */
                free(*value);
                *value = NULL;
                return cn_error_code(err, CN_EINVALID, "%s: holds a NUL byte", name);
            }
            return 0;
        }
        i = end + 1;
    }
    return 0;
}

/* The value of cookie `name` in a Cookie header, into out; false when absent. */
static bool cookie_value(const char *header, const char *name, char *out, size_t size)
{
    size_t nlen = strlen(name);
    for (const char *p = header; p && *p;) {
        while (*p == ' ' || *p == ';')
            p++;
        const char *end = strchr(p, ';');
        size_t len = end ? (size_t)(end - p) : strlen(p);
        if (len > nlen && strncmp(p, name, nlen) == 0 && p[nlen] == '=') {
            size_t vlen = len - nlen - 1;
            if (vlen >= size)
                return false;
            memcpy(out, p + nlen + 1, vlen);
            out[vlen] = '\0';
            return true;
        }
        p = end;
    }
    return false;
}

/* A Host header naming this computer: a browser sends the name it connected to, so a page of
 * another site whose name was made to resolve to 127.0.0.1 (DNS rebinding) is refused. */
static bool host_is_loopback(const char *host)
{
    if (!host)
        return false;
    char name[128];
    size_t len = strlen(host);
    if (host[0] == '[') {
        const char *close = strchr(host, ']');
        len = close ? (size_t)(close - host - 1) : 0;
        host++;
    } else {
        const char *colon = strchr(host, ':');
        if (colon)
            len = (size_t)(colon - host);
    }
    if (len == 0 || len >= sizeof name)
        return false;
    memcpy(name, host, len);
    name[len] = '\0';
    char numeric[64];
    cn_error ignored = {0};
    return cn_desk_loopback(name, numeric, sizeof numeric, &ignored) == 0;
}

/* Whether a POST came from the desk's own pages by its Origin header: "http://" and the
 * Host it was sent to. A browser sends Origin with every POST; a page of another program
 * on this computer (another port of 127.0.0.1 is the same site to a SameSite cookie, which
 * it then sends along) names itself there. No header (curl, a script) is left to the CSRF
 * token, as is a form of the desk's own. */
static bool origin_is_desk(const char *origin, const char *host)
{
    if (!origin)
        return true;
    size_t n = strlen("http://");
    return strncmp(origin, "http://", n) == 0 && host && strcmp(origin + n, host) == 0;
}

const char *desk_form_trimmed(desk_ctx *c, const char *name)
{
    char *v = (char *)desk_form(c, name); /* owned by c: desk_form's own copy */
    if (!v)
        return NULL;
    size_t start = strspn(v, " \t\r\n"), n = strlen(v);
    while (n > start && strchr(" \t\r\n", v[n - 1]))
        n--;
    memmove(v, v + start, n - start);
    v[n - start] = '\0';
    return v;
}

const char *desk_form(desk_ctx *c, const char *name)
{
    char *v = NULL;
    cn_error ignored = {0};
    if (c->nowned == sizeof c->owned / sizeof *c->owned)
        return NULL;
    if (cn_desk_param(c->req->body, c->req->body ? c->req->body_len : 0, name, &v, &ignored) < 0)
        return NULL;
    if (v)
        c->owned[c->nowned++] = v;
    return v;
}

const char *desk_query(desk_ctx *c, const char *name)
{
    char *v = NULL;
    cn_error ignored = {0};
    const char *q = c->req->query;
    if (c->nowned == sizeof c->owned / sizeof *c->owned)
        return NULL;
    if (cn_desk_param(q, q ? strlen(q) : 0, name, &v, &ignored) < 0)
        return NULL;
    if (v)
        c->owned[c->nowned++] = v;
    return v;
}

int desk_send_page(desk_ctx *c, int status)
{
    if (cn_html_failed(&c->h) || (c->scoped && !scope_links(&c->h, c->desk->base)))
        return CN_ENOMEM;
    c->resp->status = status;
    c->resp->content_type = "text/html; charset=utf-8";
    c->resp->body = c->h.data;
    c->resp->len = c->h.len;
    c->h = (cn_html){0};
    return 0;
}

int desk_redirect(desk_ctx *c, const char *location)
{
    snprintf(c->resp->location, sizeof c->resp->location, "%s%s", c->scoped ? c->desk->base : "",
             location);
    desk_page_begin(c, "Moved");
    cn_html_raw(&c->h, "<p>Go on to <a href=\"");
    cn_html_text(&c->h, location);
    cn_html_raw(&c->h, "\">the next page</a>.</p>");
    desk_page_end(c);
    return desk_send_page(c, 303);
}

int desk_refuse(desk_ctx *c, int status, const char *title, const char *why)
{
    desk_page_begin(c, title);
    cn_html_raw(&c->h, "<p class=\"error\">");
    cn_html_text(&c->h, why);
    cn_html_raw(&c->h, "</p>");
    desk_page_end(c);
    return desk_send_page(c, status);
}

int desk_unsaved(desk_ctx *c, const cn_error *err)
{
    const char *text = desk_form(c, "text");
    cn_html *h = &c->h;
    desk_page_begin(c, "Not saved");
    cn_html_raw(h, "<p class=\"error\" role=\"alert\" id=\"err-form\">Not saved: ");
    cn_html_text(h, err->msg);
    cn_html_raw(h, "</p>");
    if (text && *text) {
        cn_html_raw(h, "<form class=\"card entry-form\" method=\"post\" action=\"");
        cn_html_text(h, c->req->path);
        cn_html_raw(h, "\">");
        desk_csrf_field(c);
        /* the form's other fields as they came, so that sending it again is the same save:
         * an entry's date; a correction's version, reason and what it was shown */
        static const char *const kept[] = {"date", "version", "reason", "date_was", "text_was"};
        for (size_t i = 0; i < sizeof kept / sizeof *kept; i++) {
            const char *value = desk_form(c, kept[i]);
            if (!value)
                continue;
            cn_html_rawf(h, "<input type=\"hidden\" name=\"%s\" value=\"", kept[i]);
            cn_html_text(h, value);
            cn_html_raw(h, "\">");
        }
        /* dir=auto: the page knows no participant, and a right-to-left text kept here was
         * laid out left to right (trial 82) */
        cn_html_raw(h, "<div class=\"field\"><label for=\"text\">Your text, not stored yet"
                       "</label><textarea id=\"text\" name=\"text\" rows=\"12\" dir=\"auto\">");
        cn_html_text(h, text);
        cn_html_raw(h, "</textarea></div><p class=\"buttons\"><button type=\"submit\""
                       " id=\"save\">Save again (Ctrl+Enter)</button></p></form>");
    }
    desk_page_end(c);
    bool wait = err->code == CN_EBUSY || err->code == CN_ESCHEMA; /* a restart, or the lock */
    return desk_send_page(c, wait ? 503 : err->code == CN_ENOTFOUND ? 404 : 500);
}

static int serve_asset(desk_ctx *c, const char *name)
{
    for (const desk_asset *a = desk_assets; a->name; a++) {
        if (strcmp(a->name, name) != 0)
            continue;
        size_t n = strlen(name);
        bool css = n > 4 && strcmp(name + n - 4, ".css") == 0;
        c->resp->content_type = css ? "text/css; charset=utf-8" : "text/javascript; charset=utf-8";
        c->resp->body = malloc(a->len + 1);
        if (!c->resp->body)
            return CN_ENOMEM;
        memcpy(c->resp->body, a->data, a->len);
        c->resp->len = a->len;
        c->resp->status = 200;
        c->resp->cacheable = true;
        return 0;
    }
    return desk_refuse(c, 404, "Not found", "There is no such page on the desk.");
}

/* Where to send the browser after the token: the requested page, when it is a path of the
 * desk ("//host" would leave it). */
static const char *local_path(const char *path)
{
    return path[0] == '/' && path[1] != '/' && path[1] != '\\' ? path : "/";
}

/* The first use of the one-time token: sets the session cookie and sends the browser to the
 * same page without the token. A used or wrong token is refused. */
static int open_session(desk_ctx *c, const char *token)
{
    cn_desk *d = c->desk;
    if (d->token_used || !cn_desk_secret_equal(token, d->token))
        return desk_refuse(c, 403, "Link already used",
                           "This link has already been used, or is not this desk's. Open the"
                           " desk in the browser where you first opened it, or stop and start"
                           " 'carnet-collect serve' again for a new link.");
    d->token_used = true;
    memset(d->token, 0, sizeof d->token);
    c->in_session = true;
    snprintf(c->resp->set_cookie, sizeof c->resp->set_cookie,
             "%s=%s; HttpOnly; SameSite=Strict; Path=%s/", d->cookie_name, d->session, d->base);
    return desk_redirect(c, local_path(c->req->path));
}

/* A form of another page (origin_is_desk): refused, and a text typed into it (a saved
 * copy's entry form) shown back, to be copied into the desk's own tab rather than lost. */
static int refuse_foreign(desk_ctx *c)
{
    desk_page_begin(c, "Refused");
    cn_html_raw(&c->h, "<p class=\"error\">");
    cn_html_text(&c->h, "This form was sent by a page that is not the desk's (another program's"
                        " page on this computer, or a saved copy): nothing was changed. Type in"
                        " the desk's own tab.");
    cn_html_raw(&c->h, "</p>");
    const char *text = desk_form(c, "text");
    if (text && *text) {
        cn_html_raw(&c->h, "<p>The text the form held, not stored: copy it there.</p>"
                           "<pre id=\"unsaved\">");
        cn_html_text(&c->h, text);
        cn_html_raw(&c->h, "</pre>");
    }
    desk_page_end(c);
    return desk_send_page(c, 403);
}

const char *desk_text_lang(desk_ctx *c, const char *code, char attr[DESK_LANG_ATTR])
{
    cn_participant p;
    cn_study study;
    cn_error ignored = {0};
    if (cn_participant_get(c->desk->store, code, &p, &ignored) != 1 ||
        cn_store_study(c->desk->store, &study, &ignored) < 0)
        return strcpy(attr, "");
    const char *lang = cn_langcode_exported(p.lang[0] ? p.lang : study.lang);
    if (!lang[0] || strlen(lang) >= CN_LANG_MAX ||
        strspn(lang, "abcdefghijklmnopqrstuvwxyz-") != strlen(lang))
        return strcpy(attr, ""); /* a value that names no language: no attribute */
    static const char *const rtl[] = {"ar", "dv", "fa", "he", "ps", "ug", "ur", "yi"};
    const char *dir = "";
    for (size_t i = 0; i < sizeof rtl / sizeof *rtl; i++)
        if (strncmp(lang, rtl[i], 2) == 0 && (!lang[2] || lang[2] == '-'))
            dir = " dir=\"rtl\"";
    snprintf(attr, DESK_LANG_ATTR, " lang=\"%s\"%s", lang, dir);
    return attr;
}

const char *desk_plural(long long n, const char *one, const char *many)
{
    return n == 1 ? one : many;
}

static bool is_post(const cn_desk_request *req)
{
    return strcmp(req->method, "POST") == 0;
}

/* A study file replaced under the desk by one of another schema (a backup of an older
 * version copied over it while the desk ran): its pages answered SQLite's words ("no such
 * column: typist") and nothing could be saved (trial 62). Answered instead, a typed text
 * kept in the form; 0 when the file's schema is still the one the desk opened. */
static int refuse_replaced(desk_ctx *c, int *rc)
{
    cn_store *store = c->desk->store;
    int now;
    cn_error err = {0};
    if (cn_store_file_schema(store, &now, &err) < 0 || now == cn_store_schema(store))
        return 0;
    cn_error_code(&err, CN_ESCHEMA,
                  "the study file was replaced under the desk by one written by %s"
                  " carnet-collect (schema version %d; the desk opened version %d): stop the"
                  " desk (Ctrl+C) and start it again, which %s",
                  now < cn_store_schema(store) ? "an older" : "a newer", now,
                  cn_store_schema(store),
                  now < cn_store_schema(store) ? "upgrades it, keeping a copy of it as it is"
                                               : "this carnet-collect cannot: use a newer one");
    *rc = is_post(c->req) ? desk_unsaved(c, &err)
                          : desk_refuse(c, 503, "Study file replaced", err.msg);
    return 1;
}

/* Routes a request that passed the checks. Paths are matched as text: none opens a file. */
static int route(desk_ctx *c)
{
    const char *path = c->req->path;
    bool post = is_post(c->req);
    char code[CN_CODE_MAX + 1];
    long long id;
    int used = 0, rc;
    if (strncmp(path, "/assets/", 8) == 0 && !post)
        return serve_asset(c, path + 8);
    if (strcmp(path, "/favicon.ico") == 0 && !post) { /* browsers ask; the desk has none */
        c->resp->status = 204;
        return 0;
    }
    if (refuse_replaced(c, &rc))
        return rc;
    if (strcmp(path, "/") == 0 && !post)
        return desk_dashboard(c);
    if (strcmp(path, "/participants") == 0)
        return post ? desk_participant_add(c) : desk_participants(c);
    if (sscanf(path, "/p/%33[A-Za-z0-9_]%n", code, &used) == 1 && strlen(code) < CN_CODE_MAX) {
        const char *tail = path + used;
        if (!*tail && !post)
            return desk_participant(c, code);
        if (strcmp(tail, "/edit") == 0)
            return desk_participant_edit(c, code);
        if (strcmp(tail, "/new") == 0)
            return post ? desk_entry_save(c, code) : desk_entry_form(c, code);
        if (strcmp(tail, "/draft") == 0 && post)
            return desk_draft_save(c, code);
    }
    if (sscanf(path, "/e/%lld%n", &id, &used) == 1 && id > 0 && !path[used])
        return desk_entry_edit(c, id);
    if (sscanf(path, "/e/%lld%n", &id, &used) == 1 && id > 0 && !strcmp(path + used, "/reconcile"))
        return desk_reconcile(c, id);
    if (strcmp(path, "/typist") == 0)
        return desk_typist(c);
    if (strcmp(path, "/settings") == 0)
        return desk_settings(c);
    if (strcmp(path, "/import") == 0)
        return desk_import(c);
    if (strcmp(path, "/export") == 0 && !post)
        return desk_export(c);
    if (strcmp(path, "/audit") == 0 && !post)
        return desk_audit(c);
    if (strcmp(path, "/themes") == 0)
        return desk_themes(c);
    char run[40];
    if (sscanf(path, "/themes/%39[a-z0-9-]%n", run, &used) == 1 && !path[used] && !post)
        return desk_run(c, run);
    if (sscanf(path, "/themes/%39[a-z0-9-]%n", run, &used) == 1 &&
        strcmp(path + used, "/delete") == 0 && post)
        return desk_run_delete(c, run);
    if (sscanf(path, "/runs/%39[a-z0-9-]/%n", run, &used) == 1 && used > 0 && path[used] && !post)
        return desk_run_file(c, run, path + used);
    if (strcmp(path, "/export/corpus.txt") == 0 && !post)
        return desk_export_corpus(c);
    if (strcmp(path, "/export/entries.csv") == 0 && !post)
        return desk_export_table(c, true);
    if (strcmp(path, "/export/participants.csv") == 0 && !post)
        return desk_export_table(c, false);
    return desk_refuse(c, 404, "Not found", "There is no such page on the desk.");
}

/* GET /alive, without the session: the desk's proof that it is this desk. A page asks for
 * it, sending no cookie, before it sends a diary's text: when the desk has stopped and
 * another program took its port (a data-protection review had one do it within a second),
 * that program cannot answer it, and the page sends it nothing (desk.js). */
static int answer_alive(desk_ctx *c)
{
    c->resp->status = 200;
    c->resp->content_type = "text/plain; charset=utf-8";
    c->resp->body = strdup(c->desk->alive);
    if (!c->resp->body)
        return CN_ENOMEM;
    c->resp->len = strlen(c->resp->body);
    return 0;
}

/* The prefix asked for without its '/': the same request at PREFIX/, its query kept (the
 * token of a link copied without the slash). */
static int redirect_into_base(desk_ctx *c)
{
    char to[sizeof c->resp->location - CN_DESK_BASE_MAX];
    int n = snprintf(to, sizeof to, "/%s%s", c->req->query && *c->req->query ? "?" : "",
                     c->req->query ? c->req->query : "");
    return n > 0 && (size_t)n < sizeof to ? desk_redirect(c, to) : desk_redirect(c, "/");
}

/* The request's path within a scoped desk's prefix ("/p/P01" of "/dPREFIX/p/P01"), "" for
 * the prefix alone, NULL outside it; the path itself for an unscoped desk. */
static const char *within_base(const cn_desk *desk, const char *path)
{
    size_t blen = strlen(desk->base);
    if (!path || strncmp(path, desk->base, blen) != 0)
        return NULL;
    return path[blen] == '/' || path[blen] == '\0' ? path + blen : NULL;
}

int cn_desk_handle(cn_desk *desk, const cn_desk_request *req, cn_desk_response *resp, cn_error *err)
{
    *resp = (cn_desk_response){0};
    /* the pages see their path within the prefix: "/p/P01" */
    const char *inside = within_base(desk, req->path);
    cn_desk_request local = *req;
    if (inside && *inside)
        local.path = inside;
    desk_ctx c = {.desk = desk, .req = &local, .resp = resp, .scoped = inside && desk->base[0]};
    if (cn_date_today(desk->pinned ? desk->today_text : NULL, &c.today, err) < 0)
        return CN_EINVALID;
    /* a run that ended is reaped now, not when the themes page is next opened (trial 64) */
    (void)desk_run_active(desk);
    int rc;
    const char *token = NULL;
    char session[CN_DESK_SECRET_HEX + 1];
    bool has_session = req->cookie &&
                       cookie_value(req->cookie, desk->cookie_name, session, sizeof session) &&
                       cn_desk_secret_equal(session, desk->session);
    bool host_ok = host_is_loopback(req->host);
    c.in_session = has_session && host_ok;
    if (request_is_malformed(req))
        rc = desk_refuse(&c, 400, "Bad request",
                         "This request holds a control character where none can be (in its"
                         " address, in a field of its address other than a tab or a line"
                         " break, or a NUL in a form's field): no page of the desk was read"
                         " for it, nothing was changed.");
    else if (!host_ok)
        rc = desk_refuse(&c, 403, "Refused", "The desk answers to 127.0.0.1 or localhost only.");
    else if (!is_post(req) && strcmp(req->method, "GET") != 0 && strcmp(req->method, "HEAD"))
        rc = desk_refuse(&c, 405, "Refused", "The desk answers GET and POST only.");
    else if (!inside)
        rc = desk_refuse(&c, 404, "Not the desk's address",
                         "The desk's pages are at the address in the link 'carnet-collect serve'"
                         " printed, which changes each time it starts: open that link.");
    else if (!*inside) /* the prefix without its '/', which the cookie's path needs */
        rc = redirect_into_base(&c);
    else if (strcmp(local.path, "/alive") == 0 && !is_post(req))
        rc = answer_alive(&c);
    else if ((token = desk_query(&c, "token")) != NULL && !is_post(req))
        rc = has_session ? desk_redirect(&c, local_path(local.path)) : open_session(&c, token);
    /* before the session: a saved copy's form comes without the cookie, and "no session"
     * would send its user to a link that works once (trial 45) */
    else if (is_post(req) && !origin_is_desk(req->origin, req->host))
        rc = refuse_foreign(&c);
    else if (!has_session)
        rc = desk_refuse(&c, 403, "No session",
                         "This browser has no session on the desk: open it in the browser"
                         " where the link that 'carnet-collect serve' printed was opened. That"
                         " link works once: another browser needs 'carnet-collect serve'"
                         " started again, for a new link.");
    else if (is_post(req) && !cn_desk_secret_equal(desk_form(&c, "csrf"), desk->csrf))
        rc = desk_refuse(&c, 403, "Refused",
                         "This form did not come from this desk's pages (its CSRF token is"
                         " missing or wrong): nothing was changed.");
    else
        rc = route(&c);
    for (size_t i = 0; i < c.nowned; i++)
        free(c.owned[i]);
    cn_html_free(&c.h);
    if (rc < 0) {
        cn_desk_response_free(resp);
        return rc == CN_ENOMEM ? cn_error_nomem(err)
                               : cn_error_code(err, rc, "desk: %s", cn_error_name(rc));
    }
    return 0;
}

void cn_desk_response_free(cn_desk_response *resp)
{
    free(resp->body);
    resp->body = NULL;
    resp->len = 0;
}
