/* corpus.c — IRAMUTEQ corpus writer and reader (see corpus.h); what a text's stars say
 * is in corpus_stars.c, what a star may be and how a label is spelled as one in
 * corpus_spelling.c. */
#include "carnet/corpus.h"

#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <utf8proc.h>

#include "carnet/grow.h"
#include "carnet/langcode.h"
#include "carnet/utf8.h"

/* The bytes of the line break at p[i] of p[0..len) that other_break looks for, 0 when
 * none is there. */
static size_t break_at(const unsigned char *p, size_t i, size_t len)
{
    unsigned char c = p[i];
    if (c == 0x0b || c == 0x0c || (c >= 0x1c && c <= 0x1e))
        return 1;
    if (c == '\r')
        return i + 1 < len; /* a closing one is the "\r\n" the line ended with */
    if (c == 0xc2)          /* NEL */
        return i + 1 < len && p[i + 1] == 0x85 ? 2 : 0;
    if (c == 0xe2) /* the line and paragraph separators */
        return i + 2 < len && p[i + 1] == 0x80 && (p[i + 2] == 0xa8 || p[i + 2] == 0xa9) ? 3 : 0;
    return 0;
}

/* Where s[0..len) holds a line break other than '\n' and a closing "\r\n", and *n its
 * bytes; len when none. IRAMUTEQ reads a corpus with Python's line reader, which also ends
 * a line at a lone CR, a vertical tab, a form feed, the separators 0x1C-0x1E, NEL, and
 * Unicode's line and paragraph separators: a page break of pdftotext's (a form feed)
 * before a "****" starts a text there, where a reader of '\n' alone would read its stars
 * as words of the text before. */
static size_t other_break(const char *s, size_t len, size_t *n)
{
    const unsigned char *p = (const unsigned char *)s;
    for (size_t i = 0; i < len;) {
        uint64_t w; /* eight bytes at a time while none is below 0x20 or above 0x7f */
        if (i + 8 <= len &&
            (memcpy(&w, p + i, 8), !(((w - 0x2020202020202020ULL) | w) & 0x8080808080808080ULL))) {
            i += 8;
            continue;
        }
        if ((*n = break_at(p, i, len)) > 0)
            return i;
        i++;
    }
    return len;
}

/* Writes over every space of line beyond ASCII's (a no-break, thin or ideographic space:
 * Unicode's Zs) with ASCII spaces, one a byte: a header's stars and a thematic's label end
 * at any space, as IRAMUTEQ's split() ends them ("*a_1" + a no-break space + "*b_2" is two
 * stars). line is valid UTF-8. */
static void blank_spaces(char *line)
{
    for (size_t i = 0; line[i];) {
        utf8proc_int32_t c;
        utf8proc_ssize_t n = utf8proc_iterate((const utf8proc_uint8_t *)line + i, -1, &c);
        if (n <= 0)
            return;
        if (c >= 0x80 && utf8proc_category(c) == UTF8PROC_CATEGORY_ZS)
            memset(line + i, ' ', (size_t)n);
        i += (size_t)n;
    }
}

/* The bytes of the byte-order marks (U+FEFF) that begin s[0..len): the reader skips them
 * at the head of any line, where Notepad's files joined by cat or copy /b bring them. */
static size_t leading_boms(const char *s, size_t len)
{
    size_t n = 0;
    while (cn_utf8_bom(s + n, len - n))
        n += 3;
    return n;
}

/* A byte of what a star is or was meant to be: ASCII letters and digits, '_', the '-' of a
 * usual code ("*lang_pt-BR"), any byte of a letter beyond ASCII ("*site_montréal"). */
static bool star_byte(unsigned char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' ||
           c == '-' || c >= 0x80;
}

static bool blank_byte(char c)
{
    return c == ' ' || c == '\t' || c == '\r';
}

/* Whether s[0..len) reads as a header that lost its place at the head of the line: after
 * white space or none, 3 stars or more, white space, then stars ("*part_A02", "*sexe") alone
 * (" **** *part_A02", "*** *part_A02"). Read as text, its stars became words of the text
 * before, which took its words too (trial 59). Narrow, so that no diary line matches:
 * "*** fin ***" and "Note: ***important***" are text. */
static bool header_like(const char *s, size_t len)
{
    size_t i = 0, stars = 0, tokens = 0;
    while (i < len && (s[i] == ' ' || s[i] == '\t'))
        i++;
    for (; i < len && s[i] == '*'; i++)
        stars++;
    if (stars < 3 || i == len || !blank_byte(s[i]))
        return false;
    while (i < len) {
        if (blank_byte(s[i])) {
            i++;
            continue;
        }
        if (s[i] != '*' || i + 1 == len || !star_byte((unsigned char)s[i + 1]) || s[i + 1] == '-')
            return false;
        for (i++; i < len && star_byte((unsigned char)s[i]); i++)
            ;
        if (i < len && !blank_byte(s[i]))
            return false;
        tokens++;
    }
    return tokens > 0;
}

/* Whether line[0..len) holds star tokens alone ("*part_P01 *sex_f"): a header's stars typed
 * on the line under a bare '****', which read them as words of its text (trial 94). */
static bool stars_alone(const char *line, size_t len)
{
    size_t i = 0, tokens = 0;
    while (i < len) {
        if (blank_byte(line[i])) {
            i++;
            continue;
        }
        size_t start = i;
        if (line[i] != '*' || i + 1 == len || !star_byte((unsigned char)line[i + 1]))
            return false;
        for (i++; i < len && star_byte((unsigned char)line[i]); i++)
            ;
        if ((i < len && !blank_byte(line[i])) || !memchr(line + start, '_', i - start))
            return false;
        tokens++;
    }
    return tokens > 0;
}

/* Whether a header follows text on line[0..len): "... dettes.**** *part_P03", a file
 * without a final newline joined to the next (trial 94: two texts read as one, the second's
 * stars as words, and its participant gone without a word). */
static const char *header_after_text(const char *line, size_t len)
{
    const char *end = line + len;
    for (const char *h = line + 1; end - h > 5 && (h = memchr(h, '*', (size_t)(end - h - 5)));
         h++) /* memchr: every body line of a corpus comes here */
        if (memcmp(h, "****", 4) == 0 && blank_byte(h[4]) &&
            stars_alone(h + 4, (size_t)(end - h - 4)))
            return h;
    return NULL;
}

/* A line needs escaping when, after its leading backslashes, it would read as a header or
 * a thematic, be refused as a header out of place or after text, or as stars alone, or lose
 * the BOM it begins with. */
static bool needs_escape(const char *line, size_t len)
{
    size_t i = 0;
    while (i < len && line[i] == '\\')
        i++;
    line += i;
    len -= i;
    return cn_utf8_bom(line, len) || (len >= 4 && memcmp(line, "****", 4) == 0) ||
           (len >= 2 && memcmp(line, "-*", 2) == 0) || header_like(line, len) ||
           header_after_text(line, len) || stars_alone(line, len);
}

int cn_corpus_write_text(FILE *out, const char *const *stars, size_t nstars, const char *text,
                         cn_error *err)
{
    fputs("****", out);
    for (size_t i = 0; i < nstars; i++) {
        fputc(' ', out);
        fputs(stars[i], out);
    }
    fputc('\n', out);
    const char *line = text;
    while (*line) { /* every line break the reader knows (other_break) is written '\n' */
        const char *end = strchr(line, '\n');
        size_t len = end ? (size_t)(end - line) : strlen(line), brk = end ? 1 : 0, n;
        size_t at = other_break(line, len, &n);
        if (at < len) {
            len = at;
            brk = n;
        }
        if (needs_escape(line, len))
            fputc('\\', out);
        fwrite(line, 1, len, out);
        fputc('\n', out);
        line += len + brk;
    }
    fputc('\n', out);
    if (ferror(out))
        return cn_error_code(err, CN_EIO, "write error: %s", strerror(errno));
    return 0;
}

/* ---- reader ---------------------------------------------------------------------- */

/* The corpus's memory for what it keeps of each text, handed out in order and freed at
 * once: a malloc and a free for each text's stars, blocks and body took 12 % of `stats` on
 * 260,000 diary entries (half of it in freeing them). */
struct cn_corpus_slab {
    struct cn_corpus_slab *next;
    size_t used, size;
    _Alignas(16) char data[];
};
#define SLAB_BYTES ((size_t)1 << 20)

/* n bytes of c's memory, 16-aligned, or NULL. A request larger than a quarter of a slab
 * gets one of its own, behind the slab being filled, which keeps its room. */
static void *corpus_alloc(cn_corpus *c, size_t n)
{
    n = (n + 15) & ~(size_t)15;
    struct cn_corpus_slab *s = c->slabs;
    if (!s || s->size - s->used < n) {
        bool own = n > SLAB_BYTES / 4;
        size_t size = own ? n : SLAB_BYTES;
        struct cn_corpus_slab *fresh = malloc(sizeof *fresh + size);
        if (!fresh)
            return NULL;
        fresh->used = 0;
        fresh->size = size;
        if (own && s) {
            fresh->next = s->next;
            s->next = fresh;
        } else {
            fresh->next = s;
            c->slabs = fresh;
        }
        s = fresh;
    }
    void *at = s->data + s->used;
    s->used += n;
    return at;
}

static char *corpus_strdup(cn_corpus *c, const char *str, size_t len)
{
    char *copy = corpus_alloc(c, len + 1);
    if (copy) {
        memcpy(copy, str, len);
        copy[len] = '\0';
    }
    return copy;
}

typedef struct reader {
    const char *path;
    cn_corpus *corpus;
    cn_corpus_text *text;   /* the text being read, or NULL before the first header */
    cn_corpus_block *block; /* its current block */
    char *buf;              /* body of the current block */
    size_t len, cap;
    size_t pending_blank; /* blank lines not yet appended: dropped if nothing follows */
    size_t texts_cap;     /* room in corpus->texts */
    char **toks;          /* the star tokens of the header being read */
    size_t toks_cap;
    size_t blocks_cap; /* room in the text's blocks */
    /* the last *lang_ modality read and what it reads as: texts mostly repeat it, and
     * looking a code up in langcode.h's table cost a corpus of 260,000 texts 5 % */
    char lang_read[32], lang_code[32];
    bool from_start; /* reads from the file's first byte: its line 1 may carry a BOM */
    size_t lines;    /* lines read */
} reader;

static int append(reader *r, const char *s, size_t n, cn_error *err)
{
    if (cn_grow_raw((void **)&r->buf, &r->cap, r->len + n + 1, 1) < 0)
        return cn_error_nomem(err);
    memcpy(r->buf + r->len, s, n);
    r->len += n;
    r->buf[r->len] = '\0';
    return 0;
}

static int close_block(reader *r, cn_error *err)
{
    if (!r->block)
        return 0;
    /* the body is kept for the whole run, in the corpus's memory; the buffer serves the
     * next block */
    if (!(r->block->body = corpus_strdup(r->corpus, r->buf ? r->buf : "", r->len)))
        return cn_error_nomem(err);
    r->len = 0;
    r->pending_blank = 0;
    r->block = NULL;
    return 0;
}

static int open_block(reader *r, const char *thematic, size_t line, cn_error *err)
{
    if (close_block(r, err) < 0)
        return -1;
    cn_corpus_text *t = r->text;
    if (t->nblocks == r->blocks_cap) { /* a text's first block, or a thematic more: rare */
        size_t cap = r->blocks_cap ? 2 * r->blocks_cap : 1;
        cn_corpus_block *blocks = corpus_alloc(r->corpus, cap * sizeof *blocks);
        if (!blocks)
            return cn_error_nomem(err);
        if (t->nblocks)
            memcpy(blocks, t->blocks, t->nblocks * sizeof *blocks);
        t->blocks = blocks;
        r->blocks_cap = cap;
    }
    r->block = &t->blocks[t->nblocks++];
    memset(r->block, 0, sizeof *r->block);
    r->block->line = line + 1;
    if (thematic && !(r->block->thematic = corpus_strdup(r->corpus, thematic, strlen(thematic))))
        return cn_error_nomem(err);
    return 0;
}

/* A text's stars side by side in the corpus's memory, the pointers then the strings: a
 * malloc per star cost some 200 bytes a text more, 430 MB at 2 M texts of 7 stars. */
static int pack_stars(cn_corpus *c, cn_corpus_text *t, char *const *toks, size_t n, cn_error *err)
{
    size_t bytes = n * sizeof *t->stars;
    for (size_t i = 0; i < n; i++)
        bytes += strlen(toks[i]) + 1;
    char **stars = corpus_alloc(c, bytes);
    if (!stars)
        return cn_error_nomem(err);
    char *at = (char *)(stars + n);
    for (size_t i = 0; i < n; i++) {
        size_t len = strlen(toks[i]) + 1;
        stars[i] = memcpy(at, toks[i], len);
        at += len;
    }
    t->stars = stars;
    t->nstars = n;
    return 0;
}

void cn_corpus_lang_modality(const char *var, char *value)
{
    if (strcmp(var, "lang") != 0)
        return;
    const cn_langcode *l = cn_langcode_find(value);
    const char *code = l ? l->code : cn_langcode_exported(value);
    if (code == value) /* an unknown code, as written: the analysis refuses it */
        return;
    /* a region stays, glued as cn_langcode_find reads it back: pt-BR and pt_PT are two
     * modalities, ptbr and ptpt; a written code is at least as long as either */
    char region[3], glued[8];
    cn_langcode_region(value, region);
    snprintf(glued, sizeof glued, "%s%s", code, l ? region : "");
    if (strlen(glued) <= strlen(value))
        memmove(value, glued, strlen(glued) + 1);
}

/* cn_corpus_lang_modality, through the reader's memory of the last one. */
static void lang_modality(reader *r, char *value)
{
    size_t n = strlen(value);
    if (n >= sizeof r->lang_read) {
        cn_corpus_lang_modality("lang", value);
    } else if (strcmp(value, r->lang_read) == 0) {
        memcpy(value, r->lang_code, strlen(r->lang_code) + 1);
    } else {
        memcpy(r->lang_read, value, n + 1);
        cn_corpus_lang_modality("lang", value);
        memcpy(r->lang_code, value, strlen(value) + 1);
    }
}

static int start_text(reader *r, char *header, size_t line, cn_error *err)
{
    if (close_block(r, err) < 0)
        return -1;
    cn_corpus *c = r->corpus;
    if (cn_grow((void **)&c->texts, &r->texts_cap, c->ntexts + 1, sizeof *c->texts) < 0)
        return cn_error_nomem(err);
    r->text = &c->texts[c->ntexts++];
    memset(r->text, 0, sizeof *r->text);
    r->text->line = line;
    r->blocks_cap = 0;
    char *save = NULL;
    blank_spaces(header);
    const char *mark = strtok_r(header, " \t\r", &save); /* the "****" itself */
    if (strcmp(mark, "****") != 0) /* IRAMUTEQ drops what is glued to it, without a word */
        return cn_error_code(err, CN_EINVALID,
                             "%s:%zu: '%s': a header is '****', a space, then its stars "
                             "('**** *var_mod'); a text line that begins with '****' needs "
                             "a '\\' before it",
                             r->path, line, mark);
    size_t n = 0;
    for (char *tok; (tok = strtok_r(NULL, " \t\r", &save)); n++) {
        if (!cn_corpus_star_valid(tok))
            return cn_corpus_refuse_star(r->path, line, tok, err);
        const char *under = strchr(tok, '_');
        if (under && !under[1]) /* the tables would list it, --by and --where not */
            return cn_error_code(err, CN_EINVALID,
                                 "%s:%zu: star '%s' has no modality after its '_': write "
                                 "one (%sna for none), or leave the star out",
                                 r->path, line, tok, tok);
        if (strncmp(tok, "*lang_", 6) == 0)
            lang_modality(r, tok + 6);
        if (cn_grow((void **)&r->toks, &r->toks_cap, n + 1, sizeof *r->toks) < 0)
            return cn_error_nomem(err);
        r->toks[n] = tok;
    }
    if (n > 0 && pack_stars(c, r->text, r->toks, n, err) < 0)
        return -1;
    return open_block(r, NULL, line, err);
}

/* The refusal of a header_like line, as start_text's of a word glued to '****': what is
 * wrong with it, and the escape of a text line. */
static int header_out_of_place(const reader *r, const char *line, size_t len, size_t lineno,
                               cn_error *err)
{
    size_t blank = strspn(line, " \t"), stars = strspn(line + blank, "*");
    char what[64];
    if (blank && stars == 4)
        snprintf(what, sizeof what, "white space before its '****'");
    else
        snprintf(what, sizeof what, "%s%zu stars, not 4", blank ? "white space, then " : "", stars);
    while (len > 0 && blank_byte(line[len - 1]))
        len--;
    size_t shown = cn_utf8_cut(line, len, 80);
    return cn_error_code(err, CN_EINVALID,
                         "%s:%zu: '%.*s%s' looks like a header but is not one (%s): a header is "
                         "'****' at the head of its line, a space, then its stars ('**** "
                         "*var_mod'); a text line like it needs a '\\' before it",
                         r->path, lineno, (int)shown, line, shown < len ? "..." : "", what);
}

/* Whether line[0..len) holds only spaces, tabs and carriage returns, Unicode's spaces
 * (Zs: a no-break space) among them: a line before the first header that IRAMUTEQ skips
 * as blank (Python's strip()), where a file copied from a web page begins (trial 70). */
static bool only_blanks(const char *line, size_t len)
{
    for (size_t i = 0; i < len;) {
        utf8proc_int32_t c;
        utf8proc_ssize_t n =
            utf8proc_iterate((const utf8proc_uint8_t *)line + i, (utf8proc_ssize_t)(len - i), &c);
        if (n <= 0 || !(c == ' ' || c == '\t' || c == '\r' ||
                        (c >= 0x80 && utf8proc_category(c) == UTF8PROC_CATEGORY_ZS)))
            return false;
        i += (size_t)n;
    }
    return true;
}

static int body_line(reader *r, const char *line, size_t len, size_t lineno, cn_error *err)
{
    if (!r->text) {
        if (!only_blanks(line, len))
            return cn_error_set(err, "%s:%zu: text before the first '****' header", r->path,
                                lineno);
        return 0;
    }
    if (len == 0 || (len == 1 && line[0] == '\r')) {
        r->pending_blank++;
        return 0;
    }
    if (r->len == 0)
        r->block->line = lineno;
    /* the room for this line at once (a line is most often a whole text) */
    if (cn_grow_raw((void **)&r->buf, &r->cap, r->len + r->pending_blank + len + 2, 1) < 0)
        return cn_error_nomem(err);
    if (r->len > 0)
        for (; r->pending_blank > 0; r->pending_blank--)
            if (append(r, "\n", 1, err) < 0)
                return -1;
    r->pending_blank = 0;
    if (r->len > 0 && append(r, "\n", 1, err) < 0)
        return -1;
    if (len > 0 && line[len - 1] == '\r')
        len--;
    if (line[0] == '\\' && needs_escape(line, len)) { /* undo the writer's escape */
        line++;
        len--;
    }
    return append(r, line, len, err);
}

static int refuse_header_after_text(const reader *r, const char *line, size_t len, size_t lineno,
                                    cn_error *err)
{
    const char *h = header_after_text(line, len);
    size_t before = (size_t)(h - line), shown = cn_utf8_cut(h, len - before, 60);
    size_t from = before > 30 ? before - cn_utf8_cut(line + before - 30, 30, 30) : 0;
    return cn_error_code(err, CN_EINVALID,
                         "%s:%zu: a header after text on one line ('%s%.*s' then '%.*s'): two"
                         " files joined, the first without a newline at its end? put the header"
                         " at the head of a line of its own",
                         r->path, lineno, from ? "..." : "", (int)(before - from), line + from,
                         (int)shown, h);
}

static int read_line(reader *r, char *line, size_t len, size_t lineno, cn_error *err)
{
    if (strncmp(line, "****", 4) == 0)
        return start_text(r, line, lineno, err);
    if (strncmp(line, "-*", 2) == 0) {
        if (!r->text)
            return cn_error_set(err, "%s:%zu: thematic '-*' line before any '****' text", r->path,
                                lineno);
        char *save = NULL;
        blank_spaces(line); /* "-*t1" + a no-break space + "suite" */
        char *label = strtok_r(line, " \t\r", &save);
        /* IRAMUTEQ keeps the label and drops the rest of the line without a word: words
         * typed after a thematic would be missing from every count */
        const char *more = strtok_r(NULL, " \t\r", &save);
        if (more)
            return cn_error_code(err, CN_EINVALID,
                                 "%s:%zu: words after the thematic '%s' on its line ('%s'...): a "
                                 "thematic line holds its label alone; put the text on the "
                                 "next line (or a '\\' before a text line that begins with "
                                 "'-*')",
                                 r->path, lineno, label, more);
        return open_block(r, label, lineno, err);
    }
    if ((line[0] == ' ' || line[0] == '\t' || line[0] == '*') && header_like(line, len))
        return header_out_of_place(r, line, len, lineno, err);
    if (line[0] != '\\' && header_after_text(line, len)) /* '\\': the writer's escape */
        return refuse_header_after_text(r, line, len, lineno, err);
    if (line[0] != '\\' && r->text && r->text->nstars == 0 && r->len == 0 &&
        r->text->nblocks <= 1 && stars_alone(line, len))
        return cn_error_code(err, CN_EINVALID,
                             "%s:%zu: '%.*s' under a '****' without stars: a text's stars go on"
                             " its header's line ('**** %.*s'); a text line like it needs a '\\'"
                             " before it",
                             r->path, lineno, (int)cn_utf8_cut(line, len, 80), line,
                             (int)cn_utf8_cut(line, len, 80), line);
    return body_line(r, line, len, lineno, err);
}

static void shrink_texts(cn_corpus *c)
{
    cn_corpus_text *fit = realloc(c->texts, c->ntexts * sizeof *c->texts);
    if (fit)
        c->texts = fit;
}

/* The refusal of a byte that is not UTF-8, at its column in characters (an editor's; the
 * bytes of accents before it counted once: trial 92) with the words before it to search
 * for. Converting the file, the way out of a file saved as Windows-1252, garbles one that
 * is UTF-8 elsewhere (trial 91: "é" became "Ã©" in every word, and the run classified the
 * result): that file has one wrong character, which the message sends the researcher to. */
static int refuse_byte(const reader *r, const char *line, size_t bad, size_t lineno, cn_error *err)
{
    size_t column = 1, from = 0;
    for (size_t i = 0; i < bad; i++)
        column += ((unsigned char)line[i] & 0xC0) != 0x80;
    if (bad > 24) /* the last 24 bytes or so before it, on a character's first byte */
        for (from = bad - 24; from < bad && ((unsigned char)line[from] & 0xC0) == 0x80; from++)
            ;
    char where[96];
    snprintf(where, sizeof where, "column %zu (after \"%s%.*s\")", column, from ? "…" : "",
             (int)(bad - from), line + from);
    return cn_utf8_refuse_at(err, r->path, lineno, where);
}

/* One line of the file (NUL-terminated at len, writable), numbered lineno from 1. */
static int take_piece(reader *r, char *line, size_t len, size_t lineno, cn_error *err)
{
    /* on every line, not the first alone: a header after a BOM read as text merged two
     * participants' texts, its stars made words (trial 59) */
    size_t bom = leading_boms(line, len);
    line += bom;
    len -= bom;
    size_t bad;
    if (lineno == 1 && r->from_start && cn_utf8_check_first_line(err, r->path, line, len) < 0)
        return err->code;
    if (memchr(line, '\0', len))
        return cn_error_code(err, CN_EINVALID, "%s:%zu: NUL byte in the text", r->path, lineno);
    if (!cn_utf8_valid(line, len, &bad))
        return refuse_byte(r, line, bad, lineno, err);
    return read_line(r, line, len, lineno, err);
}

/* What lies between two '\n' of the file, cut at the other breaks (other_break) into lines
 * numbered from *lineno on: *lineno is raised by one for each break inside, so that a
 * message names the line an old Mac's editor (lone CRs) or Python's reader counts. */
static int take_line(reader *r, char *line, size_t len, size_t *lineno, cn_error *err)
{
    size_t n, at;
    while ((at = other_break(line, len, &n)) < len) {
        line[at] = '\0';
        int rc = take_piece(r, line, at, *lineno, err);
        if (rc < 0)
            return rc;
        ++*lineno;
        line += at + n;
        len -= at + n;
    }
    return take_piece(r, line, len, *lineno, err);
}

/* The file is read READ_BLOCK bytes at a time and cut into lines where they lie, instead
 * of a getline per line, which copied each line once more under the stream's lock
 * (reading the Italian bench corpus, 14,700 one-line texts: 13.9 -> 11.8 ms); a line
 * longer than the block grows it. Memory stays a block and the longest line, whatever
 * the file's size. At most limit bytes are read (SIZE_MAX: to the end). */
#define READ_BLOCK (1u << 20)

static int read_lines(reader *r, FILE *f, size_t limit, cn_error *err)
{
    size_t cap = READ_BLOCK, have = 0, lineno = 0, taken = 0;
    int read_errno = 0; /* why fread stopped short, when not at the end */
    char *buf = malloc(cap);
    if (!buf)
        return cn_error_nomem(err);
    int rc = 0;
    bool eof = false;
    while (rc == 0) {
        if (!eof) { /* room is kept for the NUL of a last line without its newline */
            size_t want = cap - 1 - have;
            if (want > limit - taken)
                want = limit - taken;
            size_t got = fread(buf + have, 1, want, f);
            have += got;
            taken += got;
            eof = got < want || taken == limit;
            read_errno = got < want && ferror(f) ? errno : 0;
        }
        char *at = buf, *end = buf + have, *nl;
        while (rc == 0 && (nl = memchr(at, '\n', (size_t)(end - at)))) {
            *nl = '\0';
            ++lineno;
            rc = take_line(r, at, (size_t)(nl - at), &lineno, err);
            at = nl + 1;
        }
        have = (size_t)(end - at);
        if (rc < 0 || eof) {
            if (rc == 0 && have > 0) { /* the last line, without a newline */
                at[have] = '\0';
                ++lineno;
                rc = take_line(r, at, have, &lineno, err);
            }
            break;
        }
        memmove(buf, at, have);
        if (have == cap - 1) { /* a line longer than the buffer: twice the room */
            char *more = cap > SIZE_MAX / 2 ? NULL : realloc(buf, cap * 2);
            if (!more) {
                rc = cn_error_nomem(err);
                break;
            }
            buf = more;
            cap *= 2;
        }
    }
    free(buf);
    if (rc == 0 && ferror(f)) /* a folder named as the corpus: "Is a directory" */
        rc = cn_error_set(err, "%s: cannot read: %s", r->path,
                          strerror(read_errno ? read_errno : EIO));
    r->lines = lineno;
    return rc;
}

/* One reader's part of the file: bytes [from, from + limit) (limit SIZE_MAX: to the end),
 * into a corpus of its own. */
typedef struct part {
    const char *path;
    FILE *file; /* open, at from */
    off_t from;
    size_t limit;
    cn_corpus *corpus; /* the texts read, or NULL when rc < 0 */
    size_t lines;      /* how many lines the part had */
    int rc;
    cn_error *err;
} part;

static void read_part(part *pt)
{
    reader r = {.path = pt->path, .corpus = calloc(1, sizeof(cn_corpus)), .from_start = !pt->from};
    pt->rc = r.corpus ? read_lines(&r, pt->file, pt->limit, pt->err) : cn_error_nomem(pt->err);
    if (pt->rc == 0)
        pt->rc = close_block(&r, pt->err);
    free(r.buf);
    free(r.toks);
    pt->lines = r.lines;
    pt->corpus = r.corpus;
    if (pt->rc < 0) {
        cn_corpus_free(r.corpus);
        pt->corpus = NULL;
    }
}

/* The second part, on a thread of its own with its own stream. */
static void *read_second_part(void *arg)
{
    part *pt = arg;
    pt->file = fopen(pt->path, "rb");
    if (!pt->file || fseeko(pt->file, pt->from, SEEK_SET) != 0) {
        pt->rc = cn_error_set(pt->err, "%s: cannot read: %s", pt->path, strerror(errno));
        if (pt->file)
            fclose(pt->file);
        return NULL;
    }
    read_part(pt);
    fclose(pt->file);
    return NULL;
}

/* Where a second reader can start: the first "****" line past the middle of the file (a
 * "****" line always opens a text, so the two parts read as the one file would), or 0
 * when none comes within SPLIT_SEARCH bytes of it, as in a file of one long text. */
#define SPLIT_SEARCH ((off_t)16 << 20)
static off_t find_split(int fd, off_t size)
{
    char buf[1 << 16];
    for (off_t at = size / 2; at < size && at - size / 2 < SPLIT_SEARCH;) {
        ssize_t got = pread(fd, buf, sizeof buf, at);
        if (got < 5)
            return 0;
        for (const char *nl = buf; (nl = memchr(nl, '\n', (size_t)(buf + got - nl)));) {
            if (buf + got - nl < 5)
                break; /* the next window starts at this newline */
            if (memcmp(nl + 1, "****", 4) == 0)
                return at + (nl - buf) + 1;
            nl++;
        }
        at += got - 4;
    }
    return 0;
}

/* Where a second reader starts in the open file fd of status st: 0 for a file read whole
 * (not a regular file, under CN_CORPUS_SPLIT_BYTES, or no cut found). */
static off_t split_of(int fd, const struct stat *st)
{
    return S_ISREG(st->st_mode) && st->st_size >= (off_t)CN_CORPUS_SPLIT_BYTES
               ? find_split(fd, st->st_size)
               : 0;
}

long long cn_corpus_split_offset(const char *path)
{
    int fd = open(path, O_RDONLY);
    struct stat st;
    if (fd < 0)
        return -1;
    long long at = fstat(fd, &st) == 0 ? (long long)split_of(fd, &st) : -1;
    close(fd);
    return at;
}

/* Appends second's texts to first's, their lines counted from line_base + 1, and takes
 * over its memory; second is freed either way. */
static int join_parts(cn_corpus *first, cn_corpus *second, size_t line_base, cn_error *err)
{
    cn_corpus_text *texts = realloc(first->texts, (first->ntexts + second->ntexts) * sizeof *texts);
    if (!texts) {
        cn_corpus_free(second);
        return cn_error_nomem(err);
    }
    for (size_t i = 0; i < second->ntexts; i++) {
        cn_corpus_text *t = &second->texts[i];
        t->line += line_base;
        for (size_t b = 0; b < t->nblocks; b++)
            t->blocks[b].line += line_base;
        texts[first->ntexts + i] = *t;
    }
    first->texts = texts;
    first->ntexts += second->ntexts;
    struct cn_corpus_slab **tail = &first->slabs;
    while (*tail)
        tail = &(*tail)->next;
    *tail = second->slabs;
    free(second->texts);
    free(second);
    return 0;
}

int cn_corpus_read(const char *path, cn_corpus **out, cn_error *err)
{
    return cn_corpus_read_threads(path, 1, out, err);
}

int cn_corpus_read_threads(const char *path, int threads, cn_corpus **out, cn_error *err)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return cn_error_set(err, "%s: cannot open: %s", path, strerror(errno));
    struct stat st;
    bool stated = fstat(fileno(f), &st) == 0;
    if (stated && S_ISDIR(st.st_mode)) {
        fclose(f);
        return cn_error_code(err, CN_EINVALID, "%s: is a folder, not a corpus file", path);
    }
    off_t split = threads > 1 && stated ? split_of(fileno(f), &st) : 0;
    cn_error second_err = {0};
    part first = {.path = path, .file = f, .limit = split ? (size_t)split : SIZE_MAX, .err = err};
    part second = {.path = path, .from = split, .limit = SIZE_MAX, .err = &second_err};
    pthread_t thread;
    bool two = split && pthread_create(&thread, NULL, read_second_part, &second) == 0;
    if (!two)
        first.limit = SIZE_MAX;
    read_part(&first);
    fclose(f);
    if (two)
        pthread_join(thread, NULL);
    int rc = first.rc;
    if (rc == 0 && two && second.rc < 0) {
        /* its message counts lines from the split: one reading of the whole file names
         * the line as the file numbers it */
        cn_corpus_free(first.corpus);
        return cn_corpus_read_threads(path, 1, out, err);
    }
    if (rc < 0)
        cn_corpus_free(second.corpus);
    else if (two)
        rc = join_parts(first.corpus, second.corpus, first.lines, err);
    cn_corpus *corpus = first.corpus;
    if (rc == 0 && corpus->ntexts == 0)
        rc = cn_error_set(err, "%s: no text: a corpus needs at least one '****' line", path);
    if (rc < 0) {
        cn_corpus_free(corpus);
        return -1;
    }
    shrink_texts(corpus); /* the texts are kept for the whole run: without the spare room */
    *out = corpus;
    return 0;
}

void cn_corpus_free(cn_corpus *corpus)
{
    if (!corpus)
        return;
    for (struct cn_corpus_slab *s = corpus->slabs, *next; s; s = next) {
        next = s->next;
        free(s);
    }
    free(corpus->texts);
    free(corpus);
}
