/* export.c — the IRAMUTEQ corpus and the CSV/JSON exports (see export.h). */
#include "carnet/export.h"

#include <cjson/cJSON.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "carnet/audit.h"
#include "carnet/cohort.h"
#include "carnet/corpus.h"
#include "carnet/csvout.h"
#include "carnet/entry.h"
#include "carnet/fields.h"
#include "carnet/erase.h"
#include "carnet/grow.h"
#include "carnet/import.h"
#include "carnet/langcode.h"
#include "carnet/participant.h"
#include "carnet/recode.h"
#include "carnet/stats.h"

static const char *const var_names[CN_VAR_COUNT] = {"part",  "sex",  "age",  "care", "site",
                                                    "month", "lang", "date", "entry"};

const char *cn_export_var_name(cn_var var)
{
    return var >= 0 && var < CN_VAR_COUNT ? var_names[var] : "";
}

/* The variable called name[0..len), or CN_VAR_COUNT when there is none. */
static cn_var var_find(const char *name, size_t len)
{
    for (int i = 0; i < CN_VAR_COUNT; i++)
        if (strlen(var_names[i]) == len && strncmp(name, var_names[i], len) == 0)
            return (cn_var)i;
    return CN_VAR_COUNT;
}

static int var_parse(const char *name, size_t len, cn_var *out, cn_error *err)
{
    if ((*out = var_find(name, len)) != CN_VAR_COUNT)
        return 0;
    return cn_error_set(err,
                        "unknown variable '%.*s' (known: part, sex, age, care, site, month,"
                        " lang, date, entry)",
                        (int)len, name);
}

/* ---- participants in memory ----------------------------------------------------- */

typedef struct people {
    cn_participant *p;
    size_t n, cap;
} people;

/* Returns 1 when memory runs out: a positive return is ours, a negative one the store's. */
static int collect(const cn_participant *p, void *arg)
{
    people *all = arg;
    if (cn_grow((void **)&all->p, &all->cap, all->n + 1, sizeof *all->p) < 0)
        return 1; /* stops the walk; load_people says why */
    all->p[all->n++] = *p;
    return 0;
}

static int load_people(cn_store *store, people *all, cn_error *err)
{
    memset(all, 0, sizeof *all);
    int rc = cn_participant_each(store, collect, all, err);
    if (rc > 0)
        cn_error_nomem(err);
    if (rc != 0) {
        free(all->p);
        return -1;
    }
    return 0;
}

/* A participant's *lang_ modality: their language, else the study's, as langcode.h reads
 * it, so that a study that stored `por` beside `pt` exports one language. */
static const char *exported_lang(const cn_participant *p, const cn_study *study)
{
    return cn_langcode_exported(p->lang[0] ? p->lang : study->lang);
}

int cn_export_languages(cn_store *store, char lang[CN_LANG_MAX], cn_error *err)
{
    cn_study study;
    if (cn_store_study(store, &study, err) < 0)
        return -1;
    people all;
    if (load_people(store, &all, err) < 0)
        return -1;
    int n = 0;
    lang[0] = '\0';
    for (size_t i = 0; i < all.n && n < 2; i++) { /* as the *lang_ stars say it (modality()) */
        const char *l = exported_lang(&all.p[i], &study);
        if (n == 0)
            snprintf(lang, CN_LANG_MAX, "%s", l);
        n = strcmp(l, lang) == 0 ? 1 : 2;
    }
    free(all.p);
    return n;
}

int cn_export_default_vars(cn_store *store, cn_corpus_options *opt, cn_error *err)
{
    static const cn_var defaults[] = {CN_VAR_PART, CN_VAR_SEX,  CN_VAR_AGE,
                                      CN_VAR_CARE, CN_VAR_SITE, CN_VAR_MONTH};
    opt->nvars = 0;
    for (size_t i = 0; i < sizeof defaults / sizeof *defaults; i++)
        opt->vars[opt->nvars++] = defaults[i];
    char lang[CN_LANG_MAX];
    int n = cn_export_languages(store, lang, err);
    if (n < 0)
        return -1;
    if (cn_export_lang_needed(n, lang))
        opt->vars[opt->nvars++] = CN_VAR_LANG;
    return 0;
}

bool cn_export_lang_needed(int languages, const char *lang)
{
    /* any language other than the analysis's default, and so any second one */
    return languages > 1 || (languages == 1 && strcmp(lang, CN_CORPUS_DEFAULT_LANG) != 0);
}

int cn_export_parse_vars(const char *list, cn_corpus_options *opt, cn_error *err)
{
    opt->nvars = 0;
    const char *p = list;
    while (*p) {
        size_t len = strcspn(p, ","), cut = len;
        const char *name = p;
        cn_where_trim(&name, &cut); /* "part, sex": typing */
        cn_var v;
        if (var_parse(name, cut, &v, err) < 0)
            return -1;
        for (int i = 0; i < opt->nvars; i++)
            if (opt->vars[i] == v)
                return cn_error_set(err, "variable '%s' listed twice", var_names[v]);
        opt->vars[opt->nvars++] = v;
        p += len + (p[len] == ',');
    }
    if (opt->nvars == 0)
        return cn_error_set(err, "--vars needs at least one variable");
    return 0;
}

int cn_export_parse_where(const char *expr, cn_corpus_options *opt, cn_error *err)
{
    /* read as carnet-analyse reads it (blanks around the pieces are typing), then its
     * variable checked: "site = lyon" was refused as a variable 'site ' (trial 53) */
    int rc = cn_where_add(&opt->where, expr, err);
    if (rc < 0)
        return rc;
    cn_where_cond *c = &opt->where.conds[opt->where.n - 1];
    cn_var v;
    if (var_parse(c->var, strlen(c->var), &v, err) < 0) {
        opt->where.n--;
        return cn_error_prefix(err, "--where");
    }
    /* a study stores each language without its region (cn_langcode_for_study), and exports
     * it so: pt-BR is Portuguese here, which the corpus reader's ptbr would not find
     * (trial 91) */
    for (int i = 0; v == CN_VAR_LANG && i < c->nvalues; i++) {
        char plain[CN_LANGCODE_MAX];
        if (cn_langcode_for_study(c->values[i], plain, NULL) == 0 && plain[0])
            snprintf(c->values[i], sizeof c->values[i], "%s", plain);
    }
    return 0;
}

/* ---- corpus --------------------------------------------------------------------- */

static void modality(cn_var var, const cn_participant *p, const cn_entry *e, const cn_study *study,
                     char *out, size_t size)
{
    switch (var) {
    case CN_VAR_PART:
        snprintf(out, size, "%s", p->code);
        break;
    case CN_VAR_SEX:
        cn_cohort_modality(p, CN_BY_SEX, out, size);
        break;
    case CN_VAR_AGE:
        cn_cohort_modality(p, CN_BY_AGE, out, size);
        break;
    case CN_VAR_CARE:
        cn_cohort_modality(p, CN_BY_CARE, out, size);
        break;
    case CN_VAR_SITE:
        cn_cohort_modality(p, CN_BY_SITE, out, size);
        break;
    case CN_VAR_MONTH:
        snprintf(out, size, "%02d", cn_stats_diary_month(p, study->diary_months, e->date));
        break;
    case CN_VAR_LANG:
        snprintf(out, size, "%s", exported_lang(p, study));
        break;
    case CN_VAR_DATE: { /* 2025_03_23: a star's modality keeps to letters, digits and _ */
        int y, m, d;
        cn_date_to_ymd(e->date, &y, &m, &d);
        snprintf(out, size, "%04d_%02d_%02d", y, m, d);
        break;
    }
    case CN_VAR_ENTRY:
        snprintf(out, size, "%lld", (long long)e->id);
        break;
    case CN_VAR_COUNT:
        out[0] = '\0';
        break;
    }
}

typedef struct corpus_ctx {
    const cn_corpus_options *opt;
    people all;
    size_t next; /* participants and entries are both in code order: a merge walk */
    cn_study study;
    FILE *out;
    cn_export_written written;
    cn_where_tally tally;
    const cn_participant *p; /* the entry being looked at, for where_value */
    const cn_entry *e;
    char value[CN_SITE_MAX];
    cn_error *err;
} corpus_ctx;

/* The entry's modality of a --where variable (where.h). */
static const char *where_value(void *arg, const char *var)
{
    corpus_ctx *c = arg;
    cn_var v = var_find(var, strlen(var));
    if (v == CN_VAR_COUNT)
        return NULL;
    modality(v, c->p, c->e, &c->study, c->value, sizeof c->value);
    return c->value;
}

static bool keep(corpus_ctx *c, const cn_participant *p, const cn_entry *e)
{
    c->p = p;
    c->e = e;
    return cn_where_keep(&c->opt->where, where_value, c, &c->tally);
}

static int write_entry(const cn_entry *e, void *arg)
{
    corpus_ctx *c = arg;
    while (c->next < c->all.n && strcmp(c->all.p[c->next].code, e->code) != 0)
        c->next++;
    if (c->next == c->all.n)
        return cn_error_code(c->err, CN_ENOTFOUND, "entry %lld: participant %s not found",
                             (long long)e->id, e->code);
    const cn_participant *p = &c->all.p[c->next];
    if (!keep(c, p, e))
        return 0;
    char tokens[CN_VAR_COUNT][CN_SITE_MAX + 16];
    const char *stars[CN_VAR_COUNT];
    for (int i = 0; i < c->opt->nvars; i++) {
        char value[CN_SITE_MAX];
        modality(c->opt->vars[i], p, e, &c->study, value, sizeof value);
        snprintf(tokens[i], sizeof tokens[i], "*%s_%s", var_names[c->opt->vars[i]], value);
        stars[i] = tokens[i];
    }
    if (cn_corpus_write_text(c->out, stars, (size_t)c->opt->nvars, e->text, c->err) < 0)
        return -1;
    if (c->opt->entry_ids && fprintf(c->opt->entry_ids, "%lld\n", (long long)e->id) < 0)
        return cn_error_code(c->err, CN_EIO, "the entries' list: write error");
    cn_export_written *w = &c->written;
    const char *lang = exported_lang(p, &c->study);
    if (w->texts++ == 0)
        snprintf(w->lang, sizeof w->lang, "%s", lang);
    w->languages = w->languages == 2 || (w->languages == 1 && strcmp(lang, w->lang) != 0) ? 2 : 1;
    return 0;
}

int cn_export_corpus(cn_store *store, const cn_corpus_options *opt, FILE *out,
                     cn_export_written *written, cn_error *err)
{
    corpus_ctx *c = calloc(1, sizeof *c); /* the tally is large for a stack */
    if (!c)
        return cn_error_nomem(err);
    c->opt = opt;
    c->out = out;
    c->err = err;
    /* One snapshot for the chain head and every row written: the head then names the state
     * the corpus holds, and an import committed between two statements cannot give entries
     * whose participants were read before it. */
    int began = cn_store_read_begin(store, err), rc = -1;
    if (began >= 0 && cn_audit_state_read(store, &c->written.state, err) == 0 &&
        cn_store_study(store, &c->study, err) == 0 && load_people(store, &c->all, err) == 0 &&
        cn_entry_each(store, NULL, write_entry, c, err) == 0)
        rc = cn_where_check(&opt->where, &c->tally, "export corpus", err);
    cn_store_read_end(store, began);
    free(c->all.p);
    if (written)
        *written = c->written;
    free(c);
    return rc;
}

/* ---- participants and entries --------------------------------------------------- */

int cn_export_participants(cn_store *store, cn_table_format format, FILE *out, cn_error *err)
{
    return cn_export_participants_counted(store, format, out, NULL, err);
}

/* A site a spreadsheet would read as a formula, counted as an entry's text is (trial 64). */
static void count_formula(cn_export_formulas *formulas, const char *site, const char *code)
{
    if (formulas && site[0] && strchr("=+-@", site[0]) && formulas->n++ == 0)
        snprintf(formulas->first, sizeof formulas->first, "%s", code);
}

/* Each participant's earlier codes (cn_recode_earlier_codes), NULL for none: read in the
 * export's read transaction, with the rows they go beside. */
static int read_earlier_codes(cn_store *store, const people *all, char ***out, cn_error *err)
{
    char **earlier = calloc(all->n ? all->n : 1, sizeof *earlier), codes[CN_PF_EARLIER_MAX];
    int rc = earlier ? 0 : cn_error_nomem(err);
    for (size_t i = 0; rc == 0 && i < all->n; i++) {
        rc = cn_recode_earlier_codes(store, all->p[i].id, codes, sizeof codes, err);
        if (rc == 0 && codes[0] && !(earlier[i] = strdup(codes)))
            rc = cn_error_nomem(err);
    }
    if (rc < 0 && earlier) {
        for (size_t i = 0; i < all->n; i++)
            free(earlier[i]);
        free(earlier);
        earlier = NULL;
    }
    *out = earlier;
    return rc;
}

int cn_export_participants_counted(cn_store *store, cn_table_format format, FILE *out,
                                   cn_export_formulas *formulas, cn_error *err)
{
    people all;
    int64_t *erased = NULL;
    size_t nerased = 0;
    /* one read of both: an erasure committed between them would be written half */
    cn_study study;
    int began = cn_store_read_begin(store, err);
    int rc =
        began < 0 || cn_store_study(store, &study, err) < 0 ? -1 : load_people(store, &all, err);
    char **earlier = NULL;
    if (rc == 0 && (cn_erase_ids(store, &erased, &nerased, err) < 0 ||
                    read_earlier_codes(store, &all, &earlier, err) < 0)) {
        free(all.p);
        free(erased);
        rc = -1;
    }
    cn_store_read_end(store, began);
    if (rc < 0)
        return -1;
    cJSON *root = format == CN_TABLE_JSON ? cJSON_CreateObject() : NULL;
    cJSON *array = root ? cJSON_AddArrayToObject(root, "participants") : NULL;
    char header[256];
    if (format == CN_TABLE_CSV)
        fprintf(out, "%s," CN_PF_ERASED_COLUMN "," CN_PF_EARLIER_COLUMN "\n",
                cn_field_header(false, header, sizeof header));
    for (size_t i = 0; i < all.n; i++) {
        char text[CN_PF_COUNT][CN_FIELD_TEXT_MAX];
        const char *v[CN_PF_COUNT + 2];
        cn_field_write_participant(&all.p[i], text);
        /* every participant's language named: an empty one was this study's, and read into
         * another study became that one's (trial 74: English diaries read as French) */
        if (!text[CN_PF_LANG][0])
            snprintf(text[CN_PF_LANG], sizeof text[CN_PF_LANG], "%s", study.lang);
        for (int k = 0; k < CN_PF_COUNT; k++)
            v[k] = text[k];
        v[CN_PF_COUNT] = cn_erase_listed(erased, nerased, all.p[i].id) ? "yes" : "";
        v[CN_PF_COUNT + 1] = earlier[i] ? earlier[i] : "";
        if (format == CN_TABLE_CSV) {
            count_formula(formulas, v[CN_PF_SITE], all.p[i].code);
            if (cn_csv_row(out, v, CN_PF_COUNT + 2, err) < 0)
                break;
            continue;
        }
        /* Empty fields are left out of the JSON, as the import reads them as absent. */
        cJSON *o = cJSON_CreateObject();
        for (int k = 0; k < CN_PF_COUNT; k++) {
            const cn_field *f = &cn_participant_fields[k];
            if (f->number)
                cJSON_AddNumberToObject(o, f->name, strtod(v[k], NULL));
            else if (*v[k])
                cJSON_AddStringToObject(o, f->name, v[k]);
        }
        if (*v[CN_PF_COUNT])
            cJSON_AddStringToObject(o, CN_PF_ERASED_COLUMN, v[CN_PF_COUNT]);
        /* always, "" for none: the key says the file is an export, a site's whole list */
        cJSON_AddStringToObject(o, CN_PF_EARLIER_COLUMN, earlier[i] ? earlier[i] : "");
        cJSON_AddItemToArray(array, o);
    }
    for (size_t i = 0; i < all.n; i++)
        free(earlier[i]);
    free(earlier);
    free(all.p);
    free(erased);
    if (root) {
        char *text = cJSON_Print(root);
        cJSON_Delete(root);
        if (!text)
            return cn_error_nomem(err);
        fputs(text, out);
        fputc('\n', out);
        free(text);
    }
    return ferror(out) ? cn_error_code(err, CN_EIO, "write error: %s", strerror(errno)) : 0;
}

typedef struct entries_ctx {
    cn_table_format format;
    FILE *out;
    cn_export_formulas *formulas; /* or NULL */
    cn_error *err;
    /* JSON, written entry by entry (a whole document in memory took 2.4 times the file:
     * trial 69), in two passes, the first measuring it (bytes) so that one too large to
     * import back is refused before a byte is written */
    bool measuring;
    size_t written, bytes;
} entries_ctx;

/* The JSON of the entries as cJSON_Print writes the whole document: an object, its array
 * "entries" of objects one level deeper, two tabs more on each line, ", " between them. */
#define ENTRIES_JSON_HEAD "{\n\t\"entries\":\t["
#define ENTRIES_JSON_TAIL "]\n}"

static int write_json_entry(entries_ctx *c, const char *const v[CN_EF_COUNT])
{
    cJSON *o = cJSON_CreateObject();
    for (int k = 0; o && k < CN_EF_COUNT; k++)
        if (!cJSON_AddStringToObject(o, cn_entry_fields[k], v[k])) {
            cJSON_Delete(o);
            o = NULL;
        }
    char *text = o ? cJSON_Print(o) : NULL;
    cJSON_Delete(o);
    if (!text)
        return cn_error_nomem(c->err);
    size_t lines = 0, len = 0;
    for (; text[len]; len++) /* a text's line breaks are escaped: each is the layout's */
        lines += text[len] == '\n';
    size_t size = (c->written ? 2 : 0) + len + 2 * lines;
    if (!c->measuring) {
        if (c->written)
            fputs(", ", c->out);
        for (const char *t = text; *t; t++)
            if (*t == '\n')
                fputs("\n\t\t", c->out);
            else
                fputc(*t, c->out);
    }
    free(text);
    c->bytes += size;
    c->written++;
    return 0;
}

static int write_one_entry(const cn_entry *e, void *arg)
{
    entries_ctx *c = arg;
    char date[CN_DATE_TEXT];
    cn_date_format(e->date, date);
    if (!c->measuring && c->formulas && e->text[0] && strchr("=+-@", e->text[0]) &&
        c->formulas->n++ == 0)
        snprintf(c->formulas->first, sizeof c->formulas->first, "%s %s", e->code, date);
    const char *v[CN_EF_COUNT] = {
        [CN_EF_PARTICIPANT] = e->code, [CN_EF_DATE] = date, [CN_EF_TEXT] = e->text};
    if (c->format == CN_TABLE_CSV)
        return cn_csv_row(c->out, v, CN_EF_COUNT, c->err);
    return write_json_entry(c, v);
}

/* The JSON export: measured, then written, both in one read of the study. */
static int export_entries_json(cn_store *store, entries_ctx *c, cn_error *err)
{
    int began = cn_store_read_begin(store, err);
    if (began < 0)
        return -1;
    c->measuring = true;
    int rc = cn_entry_each(store, NULL, write_one_entry, c, err);
    /* An export imports back unchanged (README): one larger than an import takes (trial
     * 69: 1.07 GB of 803,000 entries) is refused before a byte is written. */
    size_t len = strlen(ENTRIES_JSON_HEAD) + c->bytes + strlen(ENTRIES_JSON_TAIL) + 1;
    if (rc == 0 && len > CN_IMPORT_JSON_MAX)
        rc = cn_error_code(err, CN_EINVALID,
                           "the entries in JSON would be %zu bytes, more than the %zu a JSON "
                           "import takes back: export them as CSV (--format csv), which has "
                           "no such limit; nothing written",
                           len, CN_IMPORT_JSON_MAX);
    if (rc == 0) {
        c->measuring = false;
        c->written = c->bytes = 0;
        fputs(ENTRIES_JSON_HEAD, c->out);
        rc = cn_entry_each(store, NULL, write_one_entry, c, err);
        if (rc == 0)
            fputs(ENTRIES_JSON_TAIL "\n", c->out);
    }
    cn_store_read_end(store, began);
    return rc;
}

int cn_export_entries(cn_store *store, cn_table_format format, FILE *out,
                      cn_export_formulas *formulas, cn_error *err)
{
    entries_ctx c = {.format = format, .out = out, .formulas = formulas, .err = err};
    int rc;
    if (format == CN_TABLE_CSV) {
        char header[64];
        fprintf(out, "%s\n", cn_field_header(true, header, sizeof header));
        rc = cn_entry_each(store, NULL, write_one_entry, &c, err);
    } else
        rc = export_entries_json(store, &c, err);
    if (rc == 0 && ferror(out))
        return cn_error_code(err, CN_EIO, "write error: %s", strerror(errno));
    return rc;
}
