/* cmd_kwic.c — carnet-analyse kwic OUT FORM: the concordance of a form (or of any form with
 * the same Snowball stem) in a finished run, each line with its text's star variables and
 * its segment's class — how a researcher checks what a class word means in context.
 * The corpus and parameters are those recorded in OUT/manifest.json. */
#include <errno.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "analyse.h"
#include "carnet/accents.h"
#include "carnet/manifest.h"
#include "carnet/text.h"

/* Classes of the segments, from OUT/segments.csv (its first three fields). */
static uint32_t *read_classes(const char *dir, uint32_t nsegs, cn_error *err)
{
    char path[4200];
    snprintf(path, sizeof path, "%s/segments.csv", dir);
    FILE *f = fopen(path, "r");
    if (!f) {
        cn_error_set(err, "%s: cannot open: %s", path, strerror(errno));
        return NULL;
    }
    uint32_t *cls = calloc((size_t)nsegs + 1, sizeof *cls);
    char *line = NULL;
    size_t cap = 0;
    unsigned seg, text, k;
    while (cls && getline(&line, &cap, f) >= 0)
        if (sscanf(line, "%u,%u,%u,", &seg, &text, &k) == 3 && seg >= 1 && seg <= nsegs)
            cls[seg - 1] = k;
    free(line);
    fclose(f);
    if (!cls)
        cn_error_nomem(err);
    return cls;
}

/* Prints at most width bytes of s[0..n) ending (left) or starting (right) at the cut,
 * never splitting a UTF-8 sequence, newlines as spaces. */
static void print_context(const char *s, size_t n, size_t width, int left)
{
    size_t start = 0, end = n;
    if (n > width) {
        if (left) {
            start = n - width;
            while (start < n && ((unsigned char)s[start] & 0xC0) == 0x80)
                start++;
        } else {
            end = width;
            while (end > 0 && ((unsigned char)s[end] & 0xC0) == 0x80)
                end--;
        }
    }
    if (left)
        printf("%*s", (int)(width - (end - start) > width ? 0 : width - (end - start)), "");
    for (size_t i = start; i < end; i++)
        putchar(s[i] == '\n' || s[i] == '\r' || s[i] == '\t' ? ' ' : s[i]);
}

/* The form searched, and its stem in the language of the texts being read. */
typedef struct query {
    const char *form;
    size_t len;
    cn_pipeline_stemmer *stemmer; /* NULL with --exact */
    char lang[16];
    char *stem; /* malloc'd */
    size_t stem_len;
    bool fold; /* the run had --fold-accents: forms are compared without accents */
} query;

/* The stemmer of lang, and the query's stem with it, when the language changes. */
static int query_lang(query *q, const char *lang, cn_error *err)
{
    if (strcmp(q->lang, lang) == 0)
        return 0;
    cn_pipeline_stemmer_free(q->stemmer);
    free(q->stem);
    q->stem = NULL;
    q->stem_len = 0;
    snprintf(q->lang, sizeof q->lang, "%s", lang);
    if (!(q->stemmer = cn_pipeline_stemmer_new(lang)))
        return 0; /* no stemmer for the language: the form alone */
    size_t n;
    const char *s = cn_pipeline_stem(q->stemmer, q->form, q->len, &n);
    if (s && !(q->stem = strndup(s, n)))
        return cn_error_nomem(err);
    q->stem_len = s ? n : 0;
    return 0;
}

static bool matches_form(const query *q, bool exact, const char *form, size_t len)
{
    if (len == q->len && memcmp(form, q->form, len) == 0)
        return true;
    if (exact || !q->stemmer || !q->stem)
        return false;
    size_t n;
    const char *s = cn_pipeline_stem(q->stemmer, form, len, &n);
    return s && n == q->stem_len && memcmp(s, q->stem, n) == 0;
}

/* With --fold-accents, the run's forms had no accents, nor has the query: "etre" finds
 * "être" too, as the run counted them. */
static bool matches(const query *q, bool exact, const char *form, size_t len)
{
    char *plain;
    if (!q->fold || cn_accents_fold(form, len, &plain, &len, NULL) < 0)
        return matches_form(q, exact, form, len);
    bool hit = matches_form(q, exact, plain, len);
    free(plain);
    return hit;
}

/* One concordance line: text, class, star variables, the form in its context. */
static void print_hit(const cn_prepared *p, const cn_seg *seg, uint32_t cls, const cn_token *k,
                      int width)
{
    const cn_corpus_text *t = &p->corpus->texts[p->texts[seg->text]];
    const char *body = t->blocks[seg->block].body;
    printf("%u\t%u\t", seg->text + 1, cls);
    for (size_t v = 0; v < t->nstars; v++)
        printf("%s%s", v ? " " : "", t->stars[v]);
    printf("\t");
    size_t a = seg->start + k->start, b = seg->start + k->end;
    print_context(body + seg->start, a - seg->start, (size_t)width, 1);
    printf(" [%.*s] ", (int)(b - a), body + a);
    print_context(body + b, seg->end - b, (size_t)width, 0);
    putchar('\n');
}

/* Every occurrence of the query in the segments (of class only_class, unless 0). */
static int concordance(const cn_prepared *p, const uint32_t *cls, cn_charset charset, query *q,
                       bool exact, int only_class, int width, size_t *hits, cn_error *err)
{
    cn_tokens toks = {0};
    int rc = 0;
    for (uint32_t s = 0; rc == 0 && s < p->nsegs; s++) {
        if (only_class && cls[s] != (uint32_t)only_class)
            continue;
        const cn_seg *seg = &p->segs[s];
        const char *body = p->corpus->texts[p->texts[seg->text]].blocks[seg->block].body;
        cn_tokens_reset(&toks);
        if ((!exact && query_lang(q, p->text_lang[seg->text], err) < 0) ||
            cn_text_tokenise(body + seg->start, seg->end - seg->start, charset, &toks, err) < 0) {
            rc = -1;
            break;
        }
        for (size_t i = 0; i < toks.n; i++) {
            const cn_token *k = &toks.t[i];
            if (k->kind == CN_TOKEN_PUNCT || !matches(q, exact, toks.forms + k->form, k->form_len))
                continue;
            (*hits)++;
            print_hit(p, seg, cls[s], k, width);
        }
    }
    cn_tokens_free(&toks);
    return rc;
}

int cmd_kwic(cn_command *cmd, int argc, char **argv)
{
    const char *prog = cmd->prog;
    int only_class = 0, width = 40;
    bool exact = false;
    const cn_option options[] = {
        CN_OPT_INT("--class", "K", &only_class, 0, 100000, "only segments of class K (0: all)"),
        CN_OPT_INT("--width", "N", &width, 5, 1000, "bytes of context on each side"),
        CN_OPT_FLAG("--exact", &exact, "the form only, not the other forms of its stem"),
        CN_OPT_END(),
    };
    cmd->options = options;
    const char *args[2];
    int nargs, rc = cn_opt_parse(cmd, argc, argv, args, &nargs);
    if (rc != CN_OPT_OK)
        return ANALYSE_PARSE_EXIT(rc);
    cn_error err = {0};
    size_t plen = strlen(args[0]) + sizeof "/manifest.json";
    char *path = malloc(plen);
    cn_manifest m = {0};
    cn_pipeline_params pp;
    cn_prepared *p = NULL;
    uint32_t *cls = NULL;
    cn_tokens fold = {0};
    char *plain = NULL; /* the query without accents, with --fold-accents */
    query q = {0};
    size_t off, len, hits = 0;
    rc = 1;
    if (!path) {
        cn_error_nomem(&err);
        goto done;
    }
    snprintf(path, plen, "%s/manifest.json", args[0]);
    if (cn_manifest_read(path, &m, &err) < 0 || cn_manifest_pipeline_params(&m, &pp, &err) < 0 ||
        cn_prepare(m.input_path, &pp, &p, &err) < 0 ||
        !(cls = read_classes(args[0], p->nsegs, &err)) ||
        cn_text_fold(args[1], strlen(args[1]), &fold, &off, &len, &err) < 0)
        goto done;
    q.form = fold.forms + off;
    q.len = len;
    if ((q.fold = pp.fold_accents)) {
        if (cn_accents_fold(q.form, q.len, &plain, &len, &err) < 0)
            goto done;
        q.form = plain;
        q.len = len;
    }
    uint32_t top = 0; /* the run's highest class: --class beyond it finds nothing, loudly */
    for (uint32_t i = 0; i < p->nsegs; i++)
        top = cls[i] > top ? cls[i] : top;
    if ((uint32_t)only_class > top) {
        cn_error_code(&err, CN_EINVALID, "%s: --class %d: the run has classes 1 to %u", args[0],
                      only_class, top);
        goto done;
    }
    if (concordance(p, cls, pp.charset, &q, exact, only_class, width, &hits, &err) < 0)
        goto done;
    fprintf(stderr, "%zu occurrence%s of '%s'%s\n", hits, hits == 1 ? "" : "s", args[1],
            exact ? "" : " and its stem");
    rc = 0;
done:
    if (rc != 0)
        fprintf(stderr, "%s: %s\n", prog, err.msg);
    cn_pipeline_stemmer_free(q.stemmer);
    free(q.stem);
    cn_tokens_free(&fold);
    free(plain);
    free(cls);
    cn_prepared_free(p);
    cn_manifest_free(&m);
    free(path);
    return rc;
}
