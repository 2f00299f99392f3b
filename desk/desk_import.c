/* desk_import.c — importing a CSV or JSON file from the desk: the file's raw bytes, base64
 * encoded by the browser (which decodes nothing: a wrong encoding would turn letters into
 * U+FFFD unseen), are posted with its name and the encoding chosen; the import library, the
 * CLI's own path (textin.c: BOM, Windows-1252/Latin-1, errors with FILE:LINE), checks it in a
 * dry run (the preview: what would be added, skipped as a duplicate, the first lines as read,
 * or the refused rows with the CLI's messages), then the same bytes are posted again to import
 * them, all or nothing. Text pasted in the form is taken as UTF-8. The bytes are kept for the
 * library in a private temporary file (directory 0700, file 0600), removed before the answer. */
#include "desk_internal.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "carnet/import.h"
#include "carnet/textin.h"

#define NOTICES_SHOWN 20
/* The uploaded copies' folders, in $TMPDIR (write_upload). */
#define UPLOAD_PREFIX "carnet-desk-"

typedef struct notices {
    cn_html list;
    size_t n;
} notices;

static void keep_notice(const char *message, void *arg)
{
    notices *ns = arg;
    if (ns->n++ >= NOTICES_SHOWN)
        return;
    cn_html_raw(&ns->list, "<li>");
    cn_html_text(&ns->list, message);
    cn_html_raw(&ns->list, "</li>");
}

/* The file's name as the browser gave it: a plain name ending in .csv or .json, since it names
 * the file in the messages and the entries' source. */
static int check_name(const char *name, cn_error *err)
{
    size_t n = name ? strlen(name) : 0;
    if (n == 0)
        return cn_error_code(err, CN_EINVALID, "file: choose a .csv or .json file");
    if (n > 60 ||
        strspn(name, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._-") != n ||
        name[0] == '.')
        return cn_error_code(err, CN_EINVALID,
                             "file: '%s': rename it with letters, digits, '.', '-' and '_' only"
                             " (at most 60)",
                             name);
    if (!(n > 4 && strcmp(name + n - 4, ".csv") == 0) &&
        !(n > 5 && strcmp(name + n - 5, ".json") == 0))
        return cn_error_code(err, CN_EINVALID, "file: '%s': expected a .csv or .json file", name);
    return 0;
}

/* The value of one base64 digit, -1 for any other byte. */
static int b64_digit(unsigned char ch)
{
    if (ch >= 'A' && ch <= 'Z')
        return ch - 'A';
    if (ch >= 'a' && ch <= 'z')
        return ch - 'a' + 26;
    if (ch >= '0' && ch <= '9')
        return ch - '0' + 52;
    return ch == '+' ? 62 : ch == '/' ? 63 : -1;
}

/* Decodes the file's bytes as posted (standard base64, '=' padding) into *out (malloc'd). */
static int b64_decode(const char *text, unsigned char **out, size_t *len, cn_error *err)
{
    size_t n = strlen(text);
    while (n > 0 && text[n - 1] == '=')
        n--;
    *out = malloc(n / 4 * 3 + 3);
    if (!*out)
        return cn_error_nomem(err);
    unsigned long acc = 0;
    size_t bits = 0, k = 0;
    for (size_t i = 0; i < n; i++) {
        int d = b64_digit((unsigned char)text[i]);
        if (d < 0) {
            free(*out);
            *out = NULL;
            return cn_error_code(err, CN_EINVALID,
                                 "file: the file was not sent whole: choose it"
                                 " again");
        }
        acc = (acc << 6 | (unsigned long)d) & 0xFFFFFF;
        bits += 6;
        if (bits >= 8) {
            bits -= 8;
            (*out)[k++] = (unsigned char)(acc >> bits);
        }
    }
    *len = k;
    return 0;
}

/* The encoding chosen in the form, as --encoding names them; UTF-8 when not given. */
static int parse_encoding(const char *text, cn_encoding *out, cn_error *err)
{
    *out = CN_ENC_UTF8_UNSAID;
    if (!text || !*text)
        return 0;
    for (int e = CN_ENC_UTF8; e <= CN_ENC_MACROMAN; e++)
        if (strcmp(text, cn_encoding_option((cn_encoding)e)) == 0) {
            *out = (cn_encoding)e;
            return 0;
        }
    return cn_error_code(err, CN_EINVALID, "encoding: '%s': expected one of " CN_ENCODING_CHOICES,
                         text);
}

/* The folder the uploaded copies go in: $TMPDIR, else /tmp. */
static const char *upload_root(void)
{
    const char *tmp = getenv("TMPDIR");
    return tmp && *tmp ? tmp : "/tmp";
}

/* Writes len bytes into a new private directory as dir/name; *dir and *path are malloc'd.
 * The directory's name carries the desk's pid, so that a later desk knows when it was left
 * behind (cn_desk_sweep_uploads). */
static int write_upload(const char *name, const void *bytes, size_t len, char **dir, char **path,
                        cn_error *err)
{
    const char *text = bytes;
    size_t size = strlen(upload_root()) + 64;
    *dir = malloc(size);
    *path = malloc(size + strlen(name) + 1);
    if (!*dir || !*path)
        return cn_error_nomem(err);
    snprintf(*dir, size, "%s/" UPLOAD_PREFIX "%ld-XXXXXX", upload_root(), (long)getpid());
    if (!mkdtemp(*dir)) {
        free(*dir);
        *dir = NULL;
        return cn_error_code(err, CN_EIO, "cannot make a temporary folder for the file");
    }
    sprintf(*path, "%s/%s", *dir, name);
    int fd = open(*path, O_WRONLY | O_CREAT | O_EXCL, S_IRUSR | S_IWUSR);
    size_t done = 0;
    while (fd >= 0 && done < len) {
        ssize_t w = write(fd, text + done, len - done);
        if (w <= 0)
            break;
        done += (size_t)w;
    }
    /* closed whatever happened: a descriptor kept open held the deleted file's space and
     * its text until the desk stopped (trial 78) */
    int why = fd < 0 || done < len ? errno : 0;
    bool closed = fd >= 0 && close(fd) == 0;
    if (!closed && !why)
        why = errno;
    if (!closed || done < len)
        return cn_error_code(err, CN_EIO, "cannot keep the file for the import in %s: %s",
                             upload_root(), strerror(why ? why : EIO));
    return 0;
}

/* Whether the folder name is of a desk still running: "carnet-desk-PID-XXXXXX" with PID
 * alive. The older "carnet-desk-XXXXXX" names no desk. */
static bool of_running_desk(const char *name)
{
    char *end;
    long pid = strtol(name + strlen(UPLOAD_PREFIX), &end, 10);
    return end != name + strlen(UPLOAD_PREFIX) && *end == '-' && pid > 0 &&
           (kill((pid_t)pid, 0) == 0 || errno == EPERM);
}

/* Removes one leftover folder (only files in it, as write_upload makes), through its file
 * descriptor: a name replaced meanwhile by a link is not followed. */
static bool remove_leftover(int root, const char *name)
{
    int fd = openat(root, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW);
    DIR *d = fd >= 0 ? fdopendir(fd) : NULL;
    if (!d) {
        if (fd >= 0)
            close(fd);
        return false;
    }
    for (struct dirent *e; (e = readdir(d)) != NULL;)
        if (strcmp(e->d_name, ".") != 0 && strcmp(e->d_name, "..") != 0)
            unlinkat(fd, e->d_name, 0);
    closedir(d);
    return unlinkat(root, name, AT_REMOVEDIR) == 0;
}

int cn_desk_sweep_uploads(time_t before)
{
    DIR *root = opendir(upload_root());
    if (!root)
        return 0;
    int swept = 0;
    for (struct dirent *e; (e = readdir(root)) != NULL;) {
        struct stat st;
        if (strncmp(e->d_name, UPLOAD_PREFIX, strlen(UPLOAD_PREFIX)) != 0 ||
            fstatat(dirfd(root), e->d_name, &st, AT_SYMLINK_NOFOLLOW) != 0)
            continue;
        /* this user's folders only, from before this desk, of no desk still running */
        if (!S_ISDIR(st.st_mode) || st.st_uid != getuid() || st.st_mtime >= before ||
            of_running_desk(e->d_name))
            continue;
        swept += remove_leftover(dirfd(root), e->d_name);
    }
    closedir(root);
    return swept;
}

static void remove_upload(char *dir, char *path)
{
    if (path)
        unlink(path);
    if (dir)
        rmdir(dir);
    free(path);
    free(dir);
}

/* The form: the file chosen (its bytes put by desk.js, base64, into the hidden "data" field)
 * or its text pasted. A refusal is tied to where the file came from, which takes the focus,
 * as other forms' refused fields do (trial 68: the focus was left on the page's body). */
static void upload_form(desk_ctx *c, const char *name, const char *content, bool alike,
                        bool partial, const char *error)
{
    cn_html *h = &c->h;
    bool pasted = content && *content;
    const char *refused = DESK_INVALID("err-file") " autofocus";
    cn_html_raw(h, "<form class=\"card\" id=\"import-form\" method=\"post\" action=\"/import\">");
    desk_csrf_field(c);
    cn_html_raw(h, "<input type=\"hidden\" name=\"step\" value=\"preview\">"
                   "<div class=\"field\"><label for=\"import-file\">A CSV or JSON file, in the"
                   " format of <code>carnet-collect import</code></label><input type=\"file\""
                   " id=\"import-file\" accept=\".csv,.json\"");
    cn_html_raw(h, error && !pasted ? refused : "");
    cn_html_raw(h, "><input type=\"hidden\" id=\"import-data\""
                   " name=\"data\"></div><div class=\"field\"><label for=\"import-encoding\">Its"
                   " encoding</label><select id=\"import-encoding\" name=\"encoding\">"
                   "<option value=\"\">UTF-8</option>"
                   "<option value=\"cp1252\">Windows-1252 (old Excel; cp1252 in messages)</option>"
                   "<option value=\"latin1\">Latin-1 (latin1)</option>"
                   "<option value=\"macroman\">Mac Roman (Excel on a Mac: 'CSV (Macintosh)';"
                   " macroman in messages)</option><option value=\"utf-8\">UTF-8, its text as it is"
                   " (utf-8 in messages)</option></select></div><div "
                   "class=\"field\"><label "
                   "for=\"import-name\">File name</label>"
                   "<input id=\"import-name\" name=\"name\" value=\"");
    cn_html_text(h, name ? name : "");
    cn_html_raw(h, "\"></div><div class=\"field\"><label for=\"content\">Its content (or paste"
                   " it here)</label><textarea id=\"content\" name=\"content\" rows=\"8\""
                   " spellcheck=\"false\"");
    cn_html_raw(h, error && pasted ? refused : "");
    cn_html_raw(h, ">\n");
    cn_html_text(h, content ? content : "");
    cn_html_raw(h, "</textarea></div>");
    desk_error_line(h, "err-file", error);
    /* the ways past two refusals of a participant the study may hold: --allow-alike, --partial */
    cn_html_rawf(h,
                 "<div class=\"field\"><label><input type=\"checkbox\" name=\"alike\""
                 " value=\"1\"%s> Participants alike to one recoded with --forget here, or"
                 " under an earlier code another site's participant has here, are other people:"
                 " add them</label></div>",
                 alike ? " checked" : "");
    cn_html_rawf(h, /* --partial */
                 "<div class=\"field\"><label><input type=\"checkbox\" name=\"partial\""
                 " value=\"1\"%s> A participants export that is not its sites' whole list: do not"
                 " refuse it for the study's participants of those sites it does not list"
                 "</label></div>",
                 partial ? " checked" : "");
    cn_html_raw(h, "<p class=\"buttons\"><button type=\"submit\" id=\"preview\">Preview the"
                   " import</button></p></form>");
}

/* The first lines of the file as the import read them (converted to UTF-8 by the CLI's
 * reader), so that a text in the wrong encoding is seen before it is imported. */
#define FIRST_LINES 8
static void first_lines(cn_html *h, const char *path, const char *name, cn_encoding encoding)
{
    FILE *f = fopen(path, "rb");
    cn_textin *in = NULL;
    cn_error err = {0};
    const char *data = NULL;
    size_t len = 0;
    if (!f || cn_textin_open(f, name, encoding, &in, &err) < 0 ||
        cn_textin_read(in, &data, &len, &err) < 0)
        len = 0;
    size_t end = 0, lines = 0;
    while (end < len && lines < FIRST_LINES)
        if (data[end++] == '\n')
            lines++;
    if (end > 0) {
        cn_html_raw(h, "<section class=\"card\"><h2>The file's first lines, as read</h2>"
                       "<pre id=\"first-lines\">");
        cn_html_textn(h, data, end);
        cn_html_raw(h, "</pre></section>");
    }
    cn_textin_close(in);
    if (f)
        fclose(f);
}

static void result_lines(cn_html *h, const cn_import_result *r, bool done)
{
    cn_html_rawf(h,
                 "<ul class=\"import-result\"><li><span id=\"n-p-added\">%zu</span> participant%s"
                 " %s</li><li><span id=\"n-p-same\">%zu</span> participant%s already in the study"
                 " (skipped)</li><li><span id=\"n-e-added\">%zu</span> entr%s %s</li>"
                 "<li><span id=\"n-e-dup\">%zu</span> entr%s skipped as duplicates</li></ul>",
                 r->participants_added, r->participants_added == 1 ? "" : "s",
                 done ? "added" : "to add", r->participants_same,
                 r->participants_same == 1 ? "" : "s", r->entries_added,
                 r->entries_added == 1 ? "y" : "ies", done ? "added" : "to add",
                 r->entries_duplicate, r->entries_duplicate == 1 ? "y" : "ies");
    if (r->participants_recoded > 0) /* recoded where the file comes from (trial 74) */
        cn_html_rawf(h,
                     "<p id=\"recoded\">%zu participant%s of the file %s here under a code"
                     " they had before a recode where it was exported (the first: %s): %s the"
                     " file's code</p>",
                     r->participants_recoded, r->participants_recoded == 1 ? "" : "s",
                     r->participants_recoded == 1 ? "is" : "are", r->recoded_first,
                     done ? "given" : "to be given");
    if (r->entries_beside > 0) { /* a corrected page beside the first (trial 74) */
        cn_html_rawf(h,
                     "<p class=\"warning\" id=\"beside\">%zu entr%s %s on a day their"
                     " participant already has an entry of another text (the first: ",
                     r->entries_beside, r->entries_beside == 1 ? "y" : "ies",
                     done ? "added" : "to add");
        cn_html_text(h, r->beside_first);
        cn_html_raw(h, "): two pages of a day, or a corrected version of a page stored"
                       " already, which the import keeps beside the first.</p>");
    }
}

/* The rows of notices ns as a card: id and title name what they are. */
static void notice_card(cn_html *h, notices *ns, const char *id, const char *title)
{
    if (ns->n == 0)
        return;
    cn_html_rawf(h, "<section class=\"card\" id=\"%s\"><h2>%s</h2><ul>", id, title);
    cn_html_rawn(h, ns->list.data, ns->list.len);
    if (ns->n > NOTICES_SHOWN)
        cn_html_rawf(h, "<li>... and %zu more</li>", ns->n - NOTICES_SHOWN);
    cn_html_raw(h, "</ul></section>");
    if (ns->list.failed)
        h->failed = true;
}

static void duplicates(cn_html *h, notices *ns)
{
    notice_card(h, ns, "duplicates", "Skipped as duplicates");
}

/* Codes or sites of the participants added that may identify: taken, as the command line's
 * import takes them, and said before the import as after (the preview said nothing). */
static void identifying_card(cn_html *h, notices *ns)
{
    notice_card(h, ns, "identifying", "Codes or sites that may identify");
}

int desk_import(desk_ctx *c)
{
    if (strcmp(c->req->method, "POST") != 0) {
        desk_page_begin(c, "Import");
        upload_form(c, NULL, NULL, false, false, NULL);
        desk_page_end(c);
        return desk_send_page(c, 200);
    }
    const char *name = desk_form(c, "name"), *content = desk_form(c, "content");
    const char *step = desk_form(c, "step"), *data = desk_form(c, "data");
    const char *encoding = desk_form(c, "encoding"), *alike = desk_form(c, "alike");
    const char *partial = desk_form(c, "partial");
    bool commit = step && strcmp(step, "commit") == 0;
    bool file = data && *data; /* the file's bytes, else the text pasted */
    if (!content || file)
        content = "";
    cn_error err = {0};
    char *dir = NULL, *path = NULL;
    unsigned char *bytes = NULL;
    size_t len = strlen(content);
    notices ns = {0}, refused = {0}, identifying = {0};
    cn_import_options opt = {.today = c->today,
                             .notice = keep_notice,
                             .notice_ctx = &ns,
                             .refused = keep_notice,
                             .refused_ctx = &refused,
                             .identifying = keep_notice,
                             .identifying_ctx = &identifying,
                             .dry_run = !commit,
                             .name = name,
                             .allow_alike = alike && strcmp(alike, "1") == 0,
                             .partial = partial && strcmp(partial, "1") == 0};
    cn_import_result res = {0};
    int rc = check_name(name, &err);
    if (rc == 0)
        rc = parse_encoding(encoding, &opt.encoding, &err);
    if (rc == 0 && file)
        rc = b64_decode(data, &bytes, &len, &err);
    if (rc == 0)
        rc = write_upload(name, file ? (const void *)bytes : content, len, &dir, &path, &err);
    free(bytes);
    if (rc == 0)
        rc = cn_import_file(c->desk->store, path, &opt, &res, &err);
    cn_html preview = {0};
    if (rc == 0 && !commit)
        first_lines(&preview, path, name, opt.encoding);
    remove_upload(dir, path);
    cn_html *h = &c->h;
    int status = 200;
    if (rc < 0) {
        /* The file refused (a row breaking a rule comes back as CN_ERR too) is the user's to
         * correct: 422; only the machine's failures are the desk's. */
        status = rc == CN_EBUSY ? 503 : rc == CN_EIO || rc == CN_ENOMEM ? 500 : 422;
        desk_page_begin(c, commit ? "Nothing imported" : "Import: refused");
        cn_html_rawf(h,
                     "<p class=\"lead\">Nothing was imported: the file is taken whole or not at"
                     " all. Correct the %s named below and preview again.</p>",
                     res.rows_refused + res.unknown_participants > 1 ? "lines" : "line");
        upload_form(c, name, content, opt.allow_alike, opt.partial, err.msg);
        if (res.rows_refused > 0 && !res.error_is_the_row)
            notice_card(h, &refused, "refused", "Rows refused");
    } else if (commit) {
        desk_page_begin(c, "Imported");
        cn_html_raw(h, "<p class=\"lead\" id=\"imported\">");
        cn_html_text(h, name);
        cn_html_raw(h, " is imported.</p>");
        result_lines(h, &res, true);
        identifying_card(h, &identifying);
        duplicates(h, &ns);
        cn_html_raw(h, "<p><a class=\"button\" href=\"/\">Dashboard</a> <a href=\"/import\">Import"
                       " another file</a></p>");
    } else {
        desk_page_begin(c, "Import: preview");
        cn_html_raw(h, "<p class=\"lead\">What importing ");
        cn_html_text(h, name);
        cn_html_raw(h, " would do. Nothing is stored until you import it.</p>");
        result_lines(h, &res, false);
        if (preview.len > 0)
            cn_html_rawn(h, preview.data, preview.len);
        if (preview.failed)
            h->failed = true;
        identifying_card(h, &identifying);
        duplicates(h, &ns);
        cn_html_raw(h, "<form class=\"card\" id=\"commit-form\" method=\"post\""
                       " action=\"/import\">");
        desk_csrf_field(c);
        cn_html_raw(h, "<input type=\"hidden\" name=\"step\" value=\"commit\">"
                       "<input type=\"hidden\" name=\"name\" value=\"");
        cn_html_text(h, name);
        cn_html_raw(h, "\"><input type=\"hidden\" name=\"encoding\" value=\"");
        cn_html_text(h, encoding ? encoding : "");
        if (opt.allow_alike)
            cn_html_raw(h, "\"><input type=\"hidden\" name=\"alike\" value=\"1");
        if (opt.partial)
            cn_html_raw(h, "\"><input type=\"hidden\" name=\"partial\" value=\"1");
        cn_html_raw(h, "\"><input type=\"hidden\" name=\"data\" value=\"");
        cn_html_text(h, file ? data : "");
        cn_html_raw(h, "\"><textarea name=\"content\" hidden>\n");
        cn_html_text(h, content);
        cn_html_raw(h, "</textarea><p class=\"buttons\"><button type=\"submit\" id=\"commit\">"
                       "Import all of it</button> <a href=\"/import\">Cancel</a></p></form>");
    }
    cn_html_free(&ns.list);
    cn_html_free(&refused.list);
    cn_html_free(&identifying.list);
    cn_html_free(&preview);
    desk_page_end(c);
    return desk_send_page(c, status);
}
