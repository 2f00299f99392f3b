/* cmd_kwic.c — carnet-analyse kwic OUT FORM: the concordance of a form (or of any form with
 * the same Snowball stem) in a finished run, each line with its text's star variables and
 * its segment's class — how a researcher checks what a class word means in context.
 * The corpus and parameters are those recorded in OUT/manifest.json. */
#include <cjson/cJSON.h>
#include <errno.h>
#include <stdbool.h>
#include <libstemmer.h>
#include <stdlib.h>
#include <string.h>

#include "analyse.h"
#include "carnet/text.h"

static char *read_file(const char *path, cn_error *err)
{
    FILE *f = fopen(path, "rb");
    if (!f) {
        cn_error_set(err, "%s: cannot open: %s (is it the folder of a finished run?)", path,
                     strerror(errno));
        return NULL;
    }
    fseek(f, 0, SEEK_END);
    long n = ftell(f);
    rewind(f);
    char *buf = n >= 0 ? malloc((size_t)n + 1) : NULL;
    if (buf) {
        size_t got = fread(buf, 1, (size_t)n, f);
        buf[got] = '\0';
    } else {
        cn_error_set(err, "out of memory");
    }
    fclose(f);
    return buf;
}

static const char *json_str(const cJSON *o, const char *key)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, key);
    return cJSON_IsString(v) && v->valuestring[0] ? v->valuestring : NULL;
}

static int json_int(const cJSON *o, const char *key, int fallback)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, key);
    return cJSON_IsNumber(v) ? v->valueint : fallback;
}

/* The pipeline parameters of the run, from its manifest (strings point into root). */
static int params_from_manifest(const cJSON *root, cn_pipeline_params *pp, const char **corpus,
                                const char *path, cn_error *err)
{
    const cJSON *in = cJSON_GetObjectItemCaseSensitive(root, "input");
    const cJSON *par = cJSON_GetObjectItemCaseSensitive(root, "parameters");
    *corpus = in ? json_str(in, "path") : NULL;
    if (!*corpus || !par)
        return cn_error_set(err, "%s: not a carnet-analyse manifest", path);
    *pp = cn_pipeline_defaults();
    const char *v;
    if ((v = json_str(par, "lang")))
        pp->lang = v;
    pp->segment_size = (size_t)json_int(par, "segment_size", 40);
    pp->min_freq = json_int(par, "min_freq", 3);
    pp->max_actives = json_int(par, "max_actives", 20000);
    pp->stopwords = json_str(par, "stopwords");
    pp->lexicon = json_str(par, "lexicon");
    pp->expressions = json_str(par, "expressions");
    if ((v = json_str(par, "charset")) && strcmp(v, "iramuteq") == 0)
        pp->charset = CN_CHARSET_IRAMUTEQ;
    if ((v = json_str(par, "unit")) && strcmp(v, "texts") == 0)
        pp->unit_texts = true;
    const cJSON *w;
    cJSON_ArrayForEach(w, cJSON_GetObjectItemCaseSensitive(par, "where"))
    {
        char expr[2200];
        int n = snprintf(expr, sizeof expr, "%s=", json_str(w, "variable"));
        const cJSON *m;
        int first = 1;
        cJSON_ArrayForEach(m, cJSON_GetObjectItemCaseSensitive(w, "modalities"))
        {
            n += snprintf(expr + n, sizeof expr - (size_t)n, "%s%s", first ? "" : ",",
                          m->valuestring);
            first = 0;
        }
        if (cn_where_add(&pp->where, expr, err) < 0)
            return -1;
    }
    return 0;
}

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
        cn_error_set(err, "out of memory");
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

typedef struct query {
    char *form;
    size_t len;
    char stem[256];
    size_t stem_len;
} query;

static bool matches(const query *q, struct sb_stemmer *stemmer, const char *form, size_t len)
{
    if (len == q->len && memcmp(form, q->form, len) == 0)
        return true;
    if (!stemmer)
        return false;
    const sb_symbol *s = sb_stemmer_stem(stemmer, (const sb_symbol *)form, (int)len);
    int n = sb_stemmer_length(stemmer);
    return s && (size_t)n == q->stem_len && memcmp(s, q->stem, (size_t)n) == 0;
}

int cmd_kwic(const char *prog, int argc, char **argv)
{
    int only_class = 0, width = 40;
    bool exact = false;
    const cn_option options[] = {
        CN_OPT_INT("--class", "K", &only_class, 0, 100000, "only segments of class K (0: all)"),
        CN_OPT_INT("--width", "N", &width, 5, 1000, "bytes of context on each side"),
        CN_OPT_FLAG("--exact", &exact, "the form only, not the other forms of its stem"),
        CN_OPT_END(),
    };
    cn_command cmd = {.prog = prog,
                      .name = "kwic",
                      .args = "OUT FORM",
                      .about = "concordance of a form in a finished run, with each text's "
                               "variables",
                      .options = options,
                      .min_args = 2,
                      .max_args = 2};
    const char *args[2];
    int nargs, rc = cn_opt_parse(&cmd, argc, argv, args, &nargs);
    if (rc != CN_OPT_OK)
        return ANALYSE_PARSE_EXIT(rc);
    cn_error err = {0};
    char path[4200];
    snprintf(path, sizeof path, "%s/manifest.json", args[0]);
    char *text = read_file(path, &err);
    cJSON *root = text ? cJSON_Parse(text) : NULL;
    cn_pipeline_params pp;
    const char *corpus;
    cn_prepared *p = NULL;
    uint32_t *cls = NULL;
    cn_tokens toks = {0}, fold = {0};
    query q = {0};
    rc = 1;
    if (!text)
        goto done;
    if (!root) {
        cn_error_set(&err, "%s: not valid JSON", path);
        goto done;
    }
    if (params_from_manifest(root, &pp, &corpus, path, &err) < 0 ||
        cn_prepare(corpus, &pp, &p, &err) < 0 || !(cls = read_classes(args[0], p->nsegs, &err)))
        goto done;
    size_t off, len;
    if (cn_text_fold(args[1], strlen(args[1]), &fold, &off, &len, &err) < 0)
        goto done;
    q.form = fold.forms + off;
    q.len = len;
    size_t hits = 0;
    struct sb_stemmer *stemmer = NULL;
    char stemmer_lang[16] = "";
    for (uint32_t s = 0; s < p->nsegs; s++) {
        if (only_class && cls[s] != (uint32_t)only_class)
            continue;
        const cn_seg *seg = &p->segs[s];
        const cn_corpus_text *t = &p->corpus->texts[p->texts[seg->text]];
        const char *body = t->blocks[seg->block].body;
        if (!exact && strcmp(stemmer_lang, p->text_lang[seg->text]) != 0) {
            sb_stemmer_delete(stemmer);
            stemmer = sb_stemmer_new(p->text_lang[seg->text], "UTF_8");
            snprintf(stemmer_lang, sizeof stemmer_lang, "%s", p->text_lang[seg->text]);
            const sb_symbol *st =
                stemmer ? sb_stemmer_stem(stemmer, (const sb_symbol *)q.form, (int)q.len) : NULL;
            q.stem_len = st ? (size_t)sb_stemmer_length(stemmer) : 0;
            if (q.stem_len >= sizeof q.stem)
                q.stem_len = 0; /* no stem that long: match the form alone */
            memcpy(q.stem, st ? (const char *)st : "", q.stem_len);
        }
        cn_tokens_reset(&toks);
        if (cn_text_tokenise(body + seg->start, seg->end - seg->start, pp.charset, &toks, &err) < 0)
            goto done;
        for (size_t i = 0; i < toks.n; i++) {
            const cn_token *k = &toks.t[i];
            if (k->kind == CN_TOKEN_PUNCT ||
                !matches(&q, exact ? NULL : stemmer, toks.forms + k->form, k->form_len))
                continue;
            hits++;
            printf("%u\t%u\t", seg->text + 1, cls[s]);
            for (size_t v = 0; v < t->nstars; v++)
                printf("%s%s", v ? " " : "", t->stars[v]);
            printf("\t");
            size_t a = seg->start + k->start, b = seg->start + k->end;
            print_context(body + seg->start, a - seg->start, (size_t)width, 1);
            printf(" [%.*s] ", (int)(b - a), body + a);
            print_context(body + b, seg->end - b, (size_t)width, 0);
            putchar('\n');
        }
    }
    sb_stemmer_delete(stemmer);
    fprintf(stderr, "%zu occurrence%s of '%s'%s\n", hits, hits == 1 ? "" : "s", args[1],
            exact ? "" : " and its stem");
    rc = 0;
done:
    if (rc != 0)
        fprintf(stderr, "%s: %s\n", prog, err.msg);
    cn_tokens_free(&toks);
    cn_tokens_free(&fold);
    free(cls);
    cn_prepared_free(p);
    cJSON_Delete(root);
    free(text);
    return rc;
}
