/* manifest.c — OUT/manifest.json written and read back (see manifest.h). The reader
 * takes nothing on trust: every field is checked for its type and range, and a string
 * is copied to the heap, so no value of the file can overrun anything. */
#define _XOPEN_SOURCE 700 /* realpath */
#include <cjson/cJSON.h>
#include <errno.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "carnet/dhc.h"
#include "carnet/manifest.h"
#include "carnet/outfile.h"
#include "carnet/profile.h"
#include "carnet/simi.h"
#include "carnet/versions.h"
#include "carnet/stability.h"

static const char *const stage_names[CN_MANIFEST_STAGES] = {"text_pipeline", "classification",
                                                            "profiles", "writing"};

/* Bounds of what a manifest may hold: far beyond any real run, small enough to be safe. */
#define MAX_STRING 4096
#define MAX_ITEMS 4096

char *cn_manifest_absolute(const char *path)
{
    return path && path[0] ? realpath(path, NULL) : NULL;
}

/* ---- writing ---------------------------------------------------------------------- */

static const char *or_empty(const char *s)
{
    return s ? s : "";
}

/* "lexicon_sha256" and its kind, for the files given. */
static void add_file_hashes(cJSON *par, const cn_manifest *m)
{
    if (m->stopwords_sha256[0])
        cJSON_AddStringToObject(par, "stopwords_sha256", m->stopwords_sha256);
    if (m->lexicon_sha256[0])
        cJSON_AddStringToObject(par, "lexicon_sha256", m->lexicon_sha256);
    if (m->expressions_sha256[0])
        cJSON_AddStringToObject(par, "expressions_sha256", m->expressions_sha256);
}

/* {"pt": 300, "fr": 12}: the texts read in each language, in the order first met. */
static void add_languages_read(cJSON *par, const cn_manifest *m)
{
    if (!m->nlanguages)
        return;
    cJSON *read = cJSON_AddObjectToObject(par, "languages_read");
    for (size_t i = 0; i < m->nlanguages; i++) {
        cJSON *n = cJSON_GetObjectItemCaseSensitive(read, m->languages[i].lang);
        if (n)
            cJSON_SetNumberValue(n, n->valuedouble + m->languages[i].texts);
        else
            cJSON_AddNumberToObject(read, m->languages[i].lang, m->languages[i].texts);
    }
}

/* What shapes the outputs beyond the classes: the report's variables, the cohort, the
 * labels, the optional files, the threads, the profiles' threshold. */
static void add_outputs(cJSON *par, const cn_manifest *m)
{
    cJSON_AddStringToObject(par, "speaker", or_empty(m->speaker));
    cJSON_AddStringToObject(par, "time", or_empty(m->time));
    if (m->by) { /* the whole corpus's run of --by is in all/ */
        cJSON_AddStringToObject(par, "by", m->by);
        cJSON_AddStringToObject(par, "cohort", m->cohort ? m->cohort : "all");
    }
    cJSON *labels = cJSON_AddObjectToObject(par, "labels");
    for (size_t k = 0; m->labels && k < m->nlabels; k++)
        if (m->labels[k]) {
            char key[24];
            snprintf(key, sizeof key, "%zu", k);
            cJSON_AddStringToObject(labels, key, m->labels[k]);
        }
    if (m->labels_file) {
        cJSON_AddStringToObject(par, "labels_file", m->labels_file);
        cJSON_AddStringToObject(par, "labels_sha256", m->labels_sha256);
    }
    cJSON_AddBoolToObject(par, "dtm", m->dtm);
    cJSON_AddBoolToObject(par, "grey", m->grey);
    cJSON_AddBoolToObject(par, "pdf", m->pdf);
    cJSON_AddNumberToObject(par, "threads", m->threads);
    cJSON_AddNumberToObject(par, "profile_chi2_threshold", CN_PROFILE_THRESHOLD);
}

static void add_parameters(cJSON *o, const cn_manifest *m)
{
    cJSON *par = cJSON_AddObjectToObject(o, "parameters");
    cJSON_AddStringToObject(par, "unit", m->unit_texts ? "texts" : "segments");
    cJSON_AddNumberToObject(par, "segment_size", (double)m->segment_size);
    cJSON_AddStringToObject(par, "charset",
                            m->charset == CN_CHARSET_IRAMUTEQ ? "iramuteq" : "unicode");
    cJSON_AddStringToObject(par, "lang", or_empty(m->lang));
    add_languages_read(par, m);
    cJSON_AddStringToObject(par, "stopwords", or_empty(m->stopwords));
    cJSON_AddStringToObject(par, "lexicon", or_empty(m->lexicon));
    cJSON_AddStringToObject(par, "expressions", or_empty(m->expressions));
    cJSON_AddBoolToObject(par, "fold_accents", m->fold_accents);
    add_file_hashes(par, m);
    cJSON_AddNumberToObject(par, "min_freq", m->min_freq);
    cJSON_AddNumberToObject(par, "max_actives", m->max_actives);
    cJSON_AddStringToObject(par, "method", m->double_method ? "double" : "simple");
    if (m->double_method) {
        cJSON *rst = cJSON_AddArrayToObject(par, "rst");
        cJSON_AddItemToArray(rst, cJSON_CreateNumber(m->rst1));
        cJSON_AddItemToArray(rst, cJSON_CreateNumber(m->rst2));
        cJSON_AddStringToObject(par, "pair_order", cn_pair_order_name(m->pair_order));
        cJSON_AddNumberToObject(par, "sign_draws", m->sign_draws);
        cJSON_AddNumberToObject(par, "sign_seed", CN_DHC_SIGN_SEED);
    }
    cJSON_AddNumberToObject(par, "classes", m->classes);
    cJSON_AddNumberToObject(par, "min_class", m->min_class);
    cJSON_AddNumberToObject(par, "min_split", m->min_split);
    cJSON_AddBoolToObject(par, "reassignment", m->reassignment);
    cJSON_AddNumberToObject(par, "stability", m->stability);
    if (m->stability > 0)
        cJSON_AddNumberToObject(par, "stability_seed", (double)m->stability_seed);
    /* every seed a run draws with, for the methods section (trial 88) */
    cJSON_AddNumberToObject(par, "similitude_layout_seed", CN_SIMI_LAYOUT_SEED);
    cJSON *where = cJSON_AddArrayToObject(par, "where");
    for (size_t i = 0; i < m->nwhere; i++) {
        cJSON *w = cJSON_CreateObject();
        cJSON_AddStringToObject(w, "variable", m->where[i].variable);
        cJSON *values = cJSON_AddArrayToObject(w, "modalities");
        for (size_t v = 0; v < m->where[i].nmodalities; v++)
            cJSON_AddItemToArray(values, cJSON_CreateString(m->where[i].modalities[v]));
        cJSON_AddItemToArray(where, w);
    }
    add_outputs(par, m);
}

static void add_libraries(cJSON *o, const cn_manifest *m)
{
    cJSON *libs = cJSON_AddArrayToObject(o, "libraries");
    for (size_t i = 0; i < m->nlibraries; i++) {
        const cn_manifest_library *l = &m->libraries[i];
        cJSON *e = cJSON_CreateObject();
        cJSON_AddStringToObject(e, "name", or_empty(l->name));
        cJSON_AddStringToObject(e, "built", or_empty(l->built));
        cJSON_AddStringToObject(e, "built_from", or_empty(l->built_from));
        cJSON_AddStringToObject(e, "running", or_empty(l->running));
        cJSON_AddItemToArray(libs, e);
    }
}

static cJSON *to_json(const cn_manifest *m)
{
    cJSON *o = cJSON_CreateObject();
    cJSON_AddStringToObject(o, "program", or_empty(m->program));
    cJSON_AddStringToObject(o, "version", or_empty(m->version));
    cJSON_AddStringToObject(o, "commit", cn_versions_commit());
    add_libraries(o, m);
    cJSON *args = cJSON_AddArrayToObject(o, "arguments");
    for (size_t i = 0; i < m->narguments; i++)
        cJSON_AddItemToArray(args, cJSON_CreateString(m->arguments[i]));
    cJSON *in = cJSON_AddObjectToObject(o, "input");
    cJSON_AddStringToObject(in, "path", or_empty(m->input_path));
    cJSON_AddNumberToObject(in, "bytes", (double)m->input_bytes);
    cJSON_AddStringToObject(in, "sha256", m->input_sha256);
    add_parameters(o, m);
    cJSON *t = cJSON_AddObjectToObject(o, "timings_ms");
    for (int i = 0; i < CN_MANIFEST_STAGES; i++)
        cJSON_AddNumberToObject(t, stage_names[i], round(m->timings_ms[i] * 10) / 10);
    return o;
}

int cn_manifest_write(const char *dir, const cn_manifest *m, cn_error *err)
{
    cJSON *o = to_json(m);
    char *text = o ? cJSON_Print(o) : NULL;
    cJSON_Delete(o);
    if (!text)
        return cn_error_nomem(err);
    char path[4200];
    snprintf(path, sizeof path, "%s/manifest.json", dir);
    FILE *f = cn_out_open(path, err);
    if (!f) {
        free(text);
        return CN_EIO;
    }
    fprintf(f, "%s\n", text);
    free(text);
    return cn_out_close(f, path, err);
}

/* ---- reading ---------------------------------------------------------------------- */

void cn_manifest_free(cn_manifest *m)
{
    free(m->program);
    free(m->version);
    for (size_t i = 0; i < m->narguments; i++)
        free(m->arguments[i]);
    free(m->arguments);
    for (size_t i = 0; i < m->nlibraries; i++) {
        free(m->libraries[i].name);
        free(m->libraries[i].built);
        free(m->libraries[i].built_from);
        free(m->libraries[i].running);
    }
    free(m->libraries);
    free(m->input_path);
    free(m->lang);
    free(m->stopwords);
    free(m->lexicon);
    free(m->expressions);
    for (size_t i = 0; i < m->nwhere; i++) {
        free(m->where[i].variable);
        for (size_t v = 0; v < m->where[i].nmodalities; v++)
            free(m->where[i].modalities[v]);
        free(m->where[i].modalities);
    }
    free(m->where);
    memset(m, 0, sizeof *m);
}

/* What the reader needs to name the file and field of a bad value. */
typedef struct reader {
    const char *path;
    cn_error *err;
} reader;

static const cJSON *member(const reader *rd, const cJSON *o, const char *key, const char *where)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, key);
    if (!v)
        cn_error_set(rd->err, "%s: %s%s is missing", rd->path, where, key);
    return v;
}

/* A copy of a string value of at most MAX_STRING bytes. */
static int copy_string(const reader *rd, const cJSON *v, const char *field, char **out)
{
    if (!cJSON_IsString(v) || !v->valuestring)
        return cn_error_set(rd->err, "%s: %s: expected a string", rd->path, field);
    if (strlen(v->valuestring) > MAX_STRING)
        return cn_error_set(rd->err, "%s: %s: longer than %d bytes", rd->path, field, MAX_STRING);
    if (!(*out = strdup(v->valuestring)))
        return cn_error_nomem(rd->err);
    return 0;
}

static int get_string(const reader *rd, const cJSON *o, const char *key, const char *where,
                      char **out)
{
    char field[96];
    snprintf(field, sizeof field, "%s%s", where, key);
    const cJSON *v = member(rd, o, key, where);
    return v ? copy_string(rd, v, field, out) : -1;
}

/* A whole number in [min, max]. */
static int get_int(const reader *rd, const cJSON *o, const char *key, const char *where, double min,
                   double max, double *out)
{
    const cJSON *v = member(rd, o, key, where);
    if (!v)
        return -1;
    if (!cJSON_IsNumber(v) || v->valuedouble != floor(v->valuedouble) || v->valuedouble < min ||
        v->valuedouble > max)
        return cn_error_set(rd->err, "%s: %s%s: expected a whole number from %.0f to %.0f",
                            rd->path, where, key, min, max);
    *out = v->valuedouble;
    return 0;
}

/* One of two words: *out is true for the second. */
static int get_choice(const reader *rd, const cJSON *o, const char *key, const char *no,
                      const char *yes, bool *out)
{
    char *s = NULL;
    if (get_string(rd, o, key, "parameters.", &s) < 0)
        return -1;
    int rc = 0;
    if (strcmp(s, yes) == 0 || strcmp(s, no) == 0)
        *out = strcmp(s, yes) == 0;
    else
        rc = cn_error_set(rd->err, "%s: parameters.%s: '%s' is neither %s nor %s", rd->path, key, s,
                          no, yes);
    free(s);
    return rc;
}

/* An array of at most MAX_ITEMS strings. */
static int get_strings(const reader *rd, const cJSON *a, const char *field, char ***out, size_t *n)
{
    if (!cJSON_IsArray(a))
        return cn_error_set(rd->err, "%s: %s: expected an array", rd->path, field);
    int count = cJSON_GetArraySize(a);
    if (count > MAX_ITEMS)
        return cn_error_set(rd->err, "%s: %s: more than %d items", rd->path, field, MAX_ITEMS);
    if (!(*out = calloc((size_t)count + 1, sizeof **out)))
        return cn_error_nomem(rd->err);
    const cJSON *v;
    cJSON_ArrayForEach(v, a)
    {
        if (copy_string(rd, v, field, &(*out)[*n]) < 0)
            return -1;
        (*n)++;
    }
    return 0;
}

static int read_where(const reader *rd, const cJSON *a, cn_manifest *m)
{
    if (!cJSON_IsArray(a))
        return cn_error_set(rd->err, "%s: parameters.where: expected an array", rd->path);
    int count = cJSON_GetArraySize(a);
    if (count > MAX_ITEMS)
        return cn_error_set(rd->err, "%s: parameters.where: more than %d conditions", rd->path,
                            MAX_ITEMS);
    if (!(m->where = calloc((size_t)count + 1, sizeof *m->where)))
        return cn_error_nomem(rd->err);
    const cJSON *w;
    cJSON_ArrayForEach(w, a)
    {
        cn_manifest_where *c = &m->where[m->nwhere++];
        const cJSON *mods;
        if (!cJSON_IsObject(w))
            return cn_error_set(rd->err, "%s: parameters.where: expected objects", rd->path);
        if (get_string(rd, w, "variable", "parameters.where.", &c->variable) < 0 ||
            !(mods = member(rd, w, "modalities", "parameters.where.")) ||
            get_strings(rd, mods, "parameters.where.modalities", &c->modalities, &c->nmodalities) <
                0)
            return -1;
        if (!c->variable[0] || c->nmodalities == 0)
            return cn_error_set(rd->err, "%s: parameters.where: an empty condition", rd->path);
    }
    return 0;
}

/* "libraries": absent from the manifests of runs made before they were recorded. */
static int read_libraries(const reader *rd, const cJSON *a, cn_manifest *m)
{
    if (!a)
        return 0;
    if (!cJSON_IsArray(a))
        return cn_error_set(rd->err, "%s: libraries: expected an array", rd->path);
    int count = cJSON_GetArraySize(a);
    if (count > MAX_ITEMS)
        return cn_error_set(rd->err, "%s: libraries: more than %d items", rd->path, MAX_ITEMS);
    if (!(m->libraries = calloc((size_t)count + 1, sizeof *m->libraries)))
        return cn_error_nomem(rd->err);
    const cJSON *e;
    cJSON_ArrayForEach(e, a)
    {
        cn_manifest_library *l = &m->libraries[m->nlibraries++];
        if (!cJSON_IsObject(e))
            return cn_error_set(rd->err, "%s: libraries: expected objects", rd->path);
        if (get_string(rd, e, "name", "libraries.", &l->name) < 0 ||
            get_string(rd, e, "built", "libraries.", &l->built) < 0 ||
            get_string(rd, e, "built_from", "libraries.", &l->built_from) < 0 ||
            get_string(rd, e, "running", "libraries.", &l->running) < 0)
            return -1;
    }
    return 0;
}

static int read_input(const reader *rd, const cJSON *in, cn_manifest *m)
{
    char *sha = NULL;
    double bytes;
    if (!cJSON_IsObject(in))
        return cn_error_set(rd->err, "%s: input: expected an object", rd->path);
    if (get_string(rd, in, "path", "input.", &m->input_path) < 0 ||
        get_int(rd, in, "bytes", "input.", 0, 9007199254740992.0, &bytes) < 0 ||
        get_string(rd, in, "sha256", "input.", &sha) < 0)
        return -1;
    m->input_bytes = (long long)bytes;
    bool hex = strlen(sha) == 64 && strspn(sha, "0123456789abcdef") == 64;
    if (hex)
        memcpy(m->input_sha256, sha, 65);
    free(sha);
    if (!m->input_path[0])
        return cn_error_set(rd->err, "%s: input.path is empty", rd->path);
    return hex ? 0 : cn_error_set(rd->err, "%s: input.sha256: expected 64 hex digits", rd->path);
}

/* An optional SHA-256 (64 lower-case hex digits) into hex, "" when missing. */
static int get_hash(const reader *rd, const cJSON *o, const char *key, char hex[CN_SHA256_HEX])
{
    hex[0] = '\0';
    if (!cJSON_GetObjectItemCaseSensitive(o, key))
        return 0; /* a run of an older version */
    char *s = NULL;
    if (get_string(rd, o, key, "parameters.", &s) < 0)
        return -1;
    bool ok = strlen(s) == 64 && strspn(s, "0123456789abcdef") == 64;
    if (ok)
        memcpy(hex, s, CN_SHA256_HEX);
    free(s);
    return ok ? 0
              : cn_error_set(rd->err, "%s: parameters.%s: expected 64 hex digits", rd->path, key);
}

static int read_rst(const reader *rd, const cJSON *par, cn_manifest *m)
{
    const cJSON *rst = member(rd, par, "rst", "parameters.");
    if (!rst)
        return -1;
    const cJSON *a = cJSON_GetArrayItem(rst, 0), *b = cJSON_GetArrayItem(rst, 1);
    if (!cJSON_IsArray(rst) || cJSON_GetArraySize(rst) != 2 || !cJSON_IsNumber(a) ||
        !cJSON_IsNumber(b) || a->valuedouble != floor(a->valuedouble) ||
        b->valuedouble != floor(b->valuedouble) || a->valuedouble < 1 || b->valuedouble < 1 ||
        a->valuedouble > 100000 || b->valuedouble > 100000)
        return cn_error_set(rd->err, "%s: parameters.rst: expected two sizes from 1 to 100000",
                            rd->path);
    m->rst1 = (unsigned)a->valuedouble;
    m->rst2 = (unsigned)b->valuedouble;
    return 0;
}

/* One of cn_pair_order_name's names. */
static int read_pair_order(const reader *rd, const cJSON *par, cn_manifest *m)
{
    char *s = NULL;
    if (get_string(rd, par, "pair_order", "parameters.", &s) < 0)
        return -1;
    int order = cn_pair_order_parse(s);
    int rc = 0;
    if (order < 0)
        rc = cn_error_set(rd->err,
                          "%s: parameters.pair_order: '%s' is none of iramuteq, chi2, split",
                          rd->path, s);
    else
        m->pair_order = order;
    free(s);
    return rc;
}

/* The double's pair order and sign draws. A run made before they existed has neither: it
 * walked IRAMUTEQ's order and drew nothing. */
static int read_signs(const reader *rd, const cJSON *par, cn_manifest *m)
{
    double draws = 0;
    m->pair_order = CN_PAIR_ORDER_IRAMUTEQ;
    if (cJSON_GetObjectItemCaseSensitive(par, "pair_order") && read_pair_order(rd, par, m) < 0)
        return -1;
    if (cJSON_GetObjectItemCaseSensitive(par, "sign_draws") &&
        get_int(rd, par, "sign_draws", "parameters.", 0, CN_DHC_SIGN_DRAWS_MAX, &draws) < 0)
        return -1;
    m->sign_draws = (int)draws;
    return 0;
}

/* --stability and its seed. A manifest written before --stability existed has neither:
 * its run assessed no stability. */
static int read_stability(const reader *rd, const cJSON *par, cn_manifest *m)
{
    double draws, seed;
    if (!cJSON_GetObjectItemCaseSensitive(par, "stability"))
        return 0;
    if (get_int(rd, par, "stability", "parameters.", 0, CN_STABILITY_MAX_DRAWS, &draws) < 0 ||
        (draws > 0 &&
         get_int(rd, par, "stability_seed", "parameters.", 0, 9007199254740992.0, &seed) < 0))
        return -1;
    m->stability = (int)draws;
    m->stability_seed = draws > 0 ? (unsigned long long)seed : 0;
    return 0;
}

static int read_parameters(const reader *rd, const cJSON *par, cn_manifest *m)
{
    const char *at = "parameters.";
    double size, min_freq, max_actives, classes, min_class, min_split;
    bool iramuteq = false;
    const cJSON *reassign, *where;
    if (!cJSON_IsObject(par))
        return cn_error_set(rd->err, "%s: parameters: expected an object", rd->path);
    if (get_choice(rd, par, "unit", "segments", "texts", &m->unit_texts) < 0 ||
        get_int(rd, par, "segment_size", at, 5, 10000, &size) < 0 ||
        get_choice(rd, par, "charset", "unicode", "iramuteq", &iramuteq) < 0 ||
        get_string(rd, par, "lang", at, &m->lang) < 0 ||
        get_string(rd, par, "stopwords", at, &m->stopwords) < 0 ||
        get_string(rd, par, "lexicon", at, &m->lexicon) < 0 ||
        get_string(rd, par, "expressions", at, &m->expressions) < 0 ||
        get_hash(rd, par, "stopwords_sha256", m->stopwords_sha256) < 0 ||
        get_hash(rd, par, "lexicon_sha256", m->lexicon_sha256) < 0 ||
        get_hash(rd, par, "expressions_sha256", m->expressions_sha256) < 0 ||
        get_int(rd, par, "min_freq", at, 1, 1e6, &min_freq) < 0 ||
        get_int(rd, par, "max_actives", at, 2, 1e7, &max_actives) < 0 ||
        get_choice(rd, par, "method", "simple", "double", &m->double_method) < 0 ||
        (m->double_method && (read_rst(rd, par, m) < 0 || read_signs(rd, par, m) < 0)) ||
        get_int(rd, par, "classes", at, 2, 1000, &classes) < 0 ||
        get_int(rd, par, "min_class", at, 0, 1e8, &min_class) < 0 ||
        get_int(rd, par, "min_split", at, 0, 1e8, &min_split) < 0 ||
        !(reassign = member(rd, par, "reassignment", at)) ||
        !(where = member(rd, par, "where", at)))
        return -1;
    if (!cJSON_IsBool(reassign))
        return cn_error_set(rd->err, "%s: parameters.reassignment: expected true or false",
                            rd->path);
    /* absent from the manifests of runs made before --fold-accents: it was off */
    const cJSON *fold = cJSON_GetObjectItemCaseSensitive(par, "fold_accents");
    if (fold && !cJSON_IsBool(fold))
        return cn_error_set(rd->err, "%s: parameters.fold_accents: expected true or false",
                            rd->path);
    m->fold_accents = cJSON_IsTrue(fold);
    if (!m->lang[0] || strlen(m->lang) > 15 ||
        strspn(m->lang, "abcdefghijklmnopqrstuvwxyz_") != strlen(m->lang))
        return cn_error_set(rd->err, "%s: parameters.lang: '%s' is not a language code", rd->path,
                            m->lang);
    m->segment_size = (size_t)size;
    m->charset = iramuteq ? CN_CHARSET_IRAMUTEQ : CN_CHARSET_UNICODE;
    m->min_freq = (int)min_freq;
    m->max_actives = (int)max_actives;
    m->classes = (int)classes;
    m->min_class = (int)min_class;
    m->min_split = (int)min_split;
    m->reassignment = cJSON_IsTrue(reassign);
    if (read_stability(rd, par, m) < 0)
        return -1;
    return read_where(rd, where, m);
}

/* timings_ms may be missing (a manifest edited by hand); when there, non-negative. */
static int read_timings(const reader *rd, const cJSON *t, cn_manifest *m)
{
    if (!t)
        return 0;
    for (int i = 0; i < CN_MANIFEST_STAGES; i++) {
        const cJSON *v = cJSON_GetObjectItemCaseSensitive(t, stage_names[i]);
        if (!v)
            continue;
        if (!cJSON_IsNumber(v) || !(v->valuedouble >= 0) || v->valuedouble > 1e12)
            return cn_error_set(rd->err, "%s: timings_ms.%s: expected a duration", rd->path,
                                stage_names[i]);
        m->timings_ms[i] = v->valuedouble;
    }
    return 0;
}

static int from_json(const reader *rd, const cJSON *root, cn_manifest *m)
{
    const cJSON *args, *in, *par;
    if (!cJSON_IsObject(root))
        return cn_error_set(rd->err, "%s: not a carnet-analyse manifest", rd->path);
    if (get_string(rd, root, "program", "", &m->program) < 0 ||
        get_string(rd, root, "version", "", &m->version) < 0 ||
        !(args = member(rd, root, "arguments", "")) ||
        get_strings(rd, args, "arguments", &m->arguments, &m->narguments) < 0 ||
        read_libraries(rd, cJSON_GetObjectItemCaseSensitive(root, "libraries"), m) < 0 ||
        !(in = member(rd, root, "input", "")) || read_input(rd, in, m) < 0 ||
        !(par = member(rd, root, "parameters", "")) || read_parameters(rd, par, m) < 0)
        return -1;
    return read_timings(rd, cJSON_GetObjectItemCaseSensitive(root, "timings_ms"), m);
}

/* The whole file, if it is at most CN_MANIFEST_MAX_BYTES. */
static char *slurp(const char *path, cn_error *err)
{
    FILE *f = fopen(path, "rb");
    if (!f) {
        cn_error_set(err, "%s: cannot open: %s (is it the folder of a finished run?)", path,
                     strerror(errno));
        return NULL;
    }
    char *buf = malloc(CN_MANIFEST_MAX_BYTES + 1);
    size_t got = buf ? fread(buf, 1, CN_MANIFEST_MAX_BYTES + 1, f) : 0;
    int bad = ferror(f);
    fclose(f);
    if (!buf || bad || got > CN_MANIFEST_MAX_BYTES) {
        if (!buf)
            cn_error_nomem(err);
        else if (bad)
            cn_error_set(err, "%s: read error", path);
        else
            cn_error_set(err, "%s: larger than %d bytes: not a manifest", path,
                         CN_MANIFEST_MAX_BYTES);
        free(buf);
        return NULL;
    }
    buf[got] = '\0';
    return buf;
}

int cn_manifest_read(const char *path, cn_manifest *m, cn_error *err)
{
    memset(m, 0, sizeof *m);
    char *text = slurp(path, err);
    if (!text)
        return -1;
    cJSON *root = cJSON_Parse(text);
    free(text);
    if (!root)
        return cn_error_set(err, "%s: not valid JSON", path);
    reader rd = {path, err};
    int rc = from_json(&rd, root, m);
    cJSON_Delete(root);
    if (rc < 0)
        cn_manifest_free(m);
    return rc;
}

int cn_manifest_pipeline_params(const cn_manifest *m, cn_pipeline_params *pp, cn_error *err)
{
    *pp = cn_pipeline_defaults();
    pp->unit_texts = m->unit_texts;
    pp->fold_accents = m->fold_accents;
    pp->segment_size = m->segment_size;
    pp->charset = m->charset;
    pp->lang = m->lang;
    pp->stopwords = m->stopwords && m->stopwords[0] ? m->stopwords : NULL;
    pp->lexicon = m->lexicon && m->lexicon[0] ? m->lexicon : NULL;
    pp->expressions = m->expressions && m->expressions[0] ? m->expressions : NULL;
    pp->min_freq = m->min_freq;
    pp->max_actives = m->max_actives;
    for (size_t i = 0; i < m->nwhere; i++) {
        /* "var=mod1,mod2", the form cn_where_add takes */
        const cn_manifest_where *w = &m->where[i];
        size_t len = strlen(w->variable) + 2;
        for (size_t v = 0; v < w->nmodalities; v++)
            len += strlen(w->modalities[v]) + 1;
        char *expr = malloc(len);
        if (!expr)
            return cn_error_nomem(err);
        size_t at = (size_t)snprintf(expr, len, "%s=", w->variable);
        for (size_t v = 0; v < w->nmodalities; v++)
            at += (size_t)snprintf(expr + at, len - at, "%s%s", v ? "," : "", w->modalities[v]);
        int rc = cn_where_add(&pp->where, expr, err);
        free(expr);
        if (rc < 0)
            return -1;
    }
    return 0;
}
