/* tables.c — the table files of a classification and of a run (see tables.h): rows.csv,
 * classes.json, segments, profiles (long and IRAMUTEQ block layout), modalities, typical
 * segments, frequencies, the document-term matrix. Every file is written in a fixed order
 * from sorted data, so the same input and parameters give the same bytes. */
#include <cjson/cJSON.h>
#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "carnet/csvout.h"
#include "carnet/grow.h"
#include "carnet/tables.h"
#include "carnet/where.h"
#include "carnet/outfile.h"
#include "carnet/quote.h"

static FILE *create(const char *dir, const char *name, char *path, size_t size, cn_error *err)
{
    snprintf(path, size, "%s/%s", dir, name);
    return cn_out_open(path, err);
}

static int finish(FILE *f, const char *path, cn_error *err)
{
    return cn_out_close(f, path, err);
}

int cn_tables_make_dir(const char *dir, cn_error *err)
{
    return cn_out_mkdir(dir, err);
}

int cn_tables_write_rows(const char *dir, const cn_dhc *d, cn_error *err)
{
    char path[4200];
    FILE *f = create(dir, "rows.csv", path, sizeof path, err);
    if (!f)
        return -1;
    fputs("row,class\n", f);
    for (uint32_t i = 0; i < d->nrows; i++)
        fprintf(f, "%u,%u\n", i + 1, d->class_of[i]);
    return finish(f, path, err);
}

static uint32_t classified(const cn_dhc *d)
{
    uint32_t n = 0;
    for (int k = 0; k < d->nclasses; k++)
        n += d->class_size[k];
    return n;
}

static void add_theme_rows(cJSON *theme, const char *name, const char *key,
                           const cn_theme_row *rows, int n)
{
    cJSON *list = cJSON_AddArrayToObject(theme, name);
    for (int i = 0; i < n; i++) {
        cJSON *o = cJSON_CreateObject();
        cJSON_AddStringToObject(o, key, rows[i].name);
        cJSON_AddNumberToObject(o, "in_theme", rows[i].in_theme);
        cJSON_AddNumberToObject(o, "total", rows[i].total);
        cJSON_AddNumberToObject(o, "chi2", round(rows[i].chi2 * 1e4) / 1e4);
        cJSON_AddItemToArray(list, o);
    }
}

/* A double classification: the segments the crossing left unclassified, and the leaves
 * of its two trees mostly among them (themes.h), each with its profile. */
static void add_crossing_themes(cJSON *root, const cn_dhc *d, const cn_themes *themes)
{
    cJSON *o = cJSON_AddObjectToObject(root, "unclassified_by_crossing");
    cJSON_AddNumberToObject(o, "unclassified", d->nrows - themes->classified);
    cJSON *list = cJSON_AddArrayToObject(o, "leaves");
    for (int k = 0; k < themes->n; k++) {
        const cn_theme *t = &themes->themes[k];
        cJSON *l = cJSON_CreateObject();
        cJSON_AddNumberToObject(l, "tree", t->tree);
        cJSON_AddNumberToObject(l, "node", t->node);
        cJSON_AddNumberToObject(l, "size", t->size);
        cJSON_AddNumberToObject(l, "unclassified", t->unclassified);
        add_theme_rows(l, "forms", "form", t->forms, t->nforms);
        add_theme_rows(l, "modalities", "modality", t->modalities, t->nmodalities);
        cJSON *segs = cJSON_AddArrayToObject(l, "typical_segment_ids");
        for (int s = 0; s < t->nsegments; s++) /* 1-based, as in segments.csv */
            cJSON_AddItemToArray(segs, cJSON_CreateNumber((double)t->segments[s] + 1));
        cJSON_AddItemToArray(list, l);
    }
}

/* The phase-1 leaves no class took, each with the --min-class that keeps it and, from
 * themes, its profile; and why the run has fewer than 2 classes, when it has. */
static void add_themes(cJSON *root, const cn_dhc *d, const cn_themes *themes)
{
    cJSON *list = cJSON_AddArrayToObject(root, "themes_below_min_class");
    for (int k = 0; k < d->ndiscarded; k++) {
        cJSON *o = cJSON_CreateObject();
        cJSON_AddNumberToObject(o, "node", d->discarded[k].node);
        cJSON_AddNumberToObject(o, "size", d->discarded[k].size);
        cJSON_AddNumberToObject(o, "min_class_to_keep", d->discarded[k].size);
        if (themes && k < themes->n) {
            const cn_theme *t = &themes->themes[k];
            cJSON *with = cJSON_AddObjectToObject(o, "with_it"); /* that --min-class's classes */
            cJSON *sizes = cJSON_AddArrayToObject(with, "sizes");
            for (int c = 0; c < t->with_it.nclasses; c++)
                cJSON_AddItemToArray(sizes, cJSON_CreateNumber(t->with_it.class_size[c]));
            cJSON_AddNumberToObject(with, "classified", t->with_it.classified);
            add_theme_rows(o, "forms", "form", t->forms, t->nforms);
            add_theme_rows(o, "modalities", "modality", t->modalities, t->nmodalities);
            cJSON *segs = cJSON_AddArrayToObject(o, "typical_segment_ids");
            for (int s = 0; s < t->nsegments; s++) /* 1-based, as in segments.csv */
                cJSON_AddItemToArray(segs, cJSON_CreateNumber((double)t->segments[s] + 1));
        }
        cJSON_AddItemToArray(list, o);
    }
    if (themes && themes->double_method)
        add_crossing_themes(root, d, themes);
    if (themes && themes->why[0])
        cJSON_AddStringToObject(root, "few_classes", themes->why);
}

/* A double classification's pair order and, when drawn, how its classes fare under other
 * signs of the CA axes (dhc.h's cn_dhc_signs); nothing for a simple one. */
static void add_signs(cJSON *root, const cn_dhc *d)
{
    if (!d->pairs)
        return;
    cJSON_AddStringToObject(root, "pair_order", cn_pair_order_name(d->pair_order));
    const cn_dhc_signs *s = d->signs;
    if (!s)
        return;
    cJSON *o = cJSON_AddObjectToObject(root, "sign_draws");
    cJSON_AddNumberToObject(o, "draws", s->draws);
    cJSON_AddNumberToObject(o, "seed", (double)s->seed);
    cJSON_AddNumberToObject(o, "jaccard_min", CN_DHC_SIGN_JACCARD);
    cJSON_AddNumberToObject(o, "distinct_outcomes", s->noutcomes);
    cJSON_AddNumberToObject(o, "shown_draws", s->shown_draws);
    cJSON_AddNumberToObject(o, "shown_share", round(1e4 * s->shown_draws / s->draws) / 1e4);
    cJSON_AddBoolToObject(o, "shown_is_most_frequent",
                          s->noutcomes > 0 && s->shown_draws == s->outcomes[0].draws);
    cJSON *back = cJSON_AddArrayToObject(o, "classes");
    for (int k = 0; k < d->nclasses; k++) {
        cJSON *c = cJSON_CreateObject();
        cJSON_AddNumberToObject(c, "class", k + 1);
        cJSON_AddNumberToObject(c, "comes_back_share", round(1e4 * s->class_back[k]) / 1e4);
        cJSON_AddItemToArray(back, c);
    }
    cJSON *outcomes = cJSON_AddArrayToObject(o, "outcomes");
    for (int i = 0; i < s->noutcomes; i++) {
        const cn_dhc_outcome *x = &s->outcomes[i];
        cJSON *c = cJSON_CreateObject();
        cJSON_AddNumberToObject(c, "draws", x->draws);
        cJSON_AddNumberToObject(c, "share", round(1e4 * x->draws / s->draws) / 1e4);
        cJSON_AddBoolToObject(c, "shown", i == s->shown);
        cJSON_AddNumberToObject(c, "classified", x->classified);
        cJSON *sizes = cJSON_AddArrayToObject(c, "class_sizes");
        for (int k = 0; k < x->nclasses; k++)
            cJSON_AddItemToArray(sizes, cJSON_CreateNumber(x->class_size[k]));
        cJSON_AddItemToArray(outcomes, c);
    }
}

int cn_tables_write_classes_json(const char *dir, const cn_dhc *d, const char *unit_name,
                                 char *const *labels, const cn_themes *themes,
                                 const cn_stability *stability, const cn_concentration *conc,
                                 cn_error *err)
{
    const char *units = unit_name ? unit_name : "rows";
    uint32_t n = classified(d);
    cJSON *root = cJSON_CreateObject();
    char line[256];
    snprintf(line, sizeof line, "%u %s classified on %u (%.2f %%)", n, units, d->nrows,
             d->nrows ? 100.0 * n / d->nrows : 0.0);
    cJSON_AddStringToObject(root, "summary", line);
    cJSON_AddNumberToObject(root, "units", d->nrows);
    cJSON_AddNumberToObject(root, "classified", n);
    cJSON_AddNumberToObject(root, "mincl", d->mincl);
    cn_concentration_json(root, conc);
    cJSON *classes = cJSON_AddArrayToObject(root, "classes");
    for (int k = 0; k < d->nclasses; k++) {
        cJSON *c = cJSON_CreateObject();
        cJSON_AddNumberToObject(c, "class", k + 1);
        if (labels && labels[k + 1])
            cJSON_AddStringToObject(c, "label", labels[k + 1]);
        cJSON_AddNumberToObject(c, "node", d->terminal[k]);
        cJSON_AddNumberToObject(c, "size", d->class_size[k]);
        cJSON_AddNumberToObject(c, "percent_of_classified",
                                n ? round(1e4 * d->class_size[k] / n) / 100 : 0);
        /* said on stderr and in the report: a script reading the classes sees it too */
        cJSON_AddBoolToObject(c, "too_small_for_a_theme",
                              cn_profile_too_small((uint32_t)d->nclasses, d->class_size[k]));
        cn_concentration_json_class(c, conc, (uint32_t)k + 1);
        cJSON_AddItemToArray(classes, c);
    }
    cn_stability_json(stability, root, classes);
    cJSON *splits = cJSON_AddArrayToObject(root, "splits");
    for (int s = 0; s < d->nsplits; s++) {
        const cn_dhc_split *x = &d->splits[s];
        cJSON *o = cJSON_CreateObject();
        cJSON_AddNumberToObject(o, "split", s + 1);
        cJSON_AddNumberToObject(o, "node", x->node);
        cJSON_AddNumberToObject(o, "child1", x->child1);
        cJSON_AddNumberToObject(o, "child2", x->child2);
        cJSON_AddNumberToObject(o, "size1", x->size1);
        cJSON_AddNumberToObject(o, "size2", x->size2);
        cJSON_AddNumberToObject(o, "chi2", round(x->chi2 * 1e4) / 1e4);
        cJSON_AddNumberToObject(o, "chi2_cut", round(x->chi2_cut * 1e4) / 1e4);
        cJSON_AddNumberToObject(o, "reassignment_passes", x->passes);
        cJSON_AddNumberToObject(o, "moved", x->moved);
        cJSON_AddNumberToObject(o, "elimination_threshold", x->threshold);
        cJSON_AddNumberToObject(o, "emptied", x->removed);
        cJSON_AddItemToArray(splits, o);
    }
    if (d->npairs > 0) {
        cJSON *pairs = cJSON_AddArrayToObject(root, "double_pairs");
        for (int k = 0; k < d->npairs; k++) {
            cJSON *o = cJSON_CreateObject();
            cJSON_AddNumberToObject(o, "class", k + 1);
            cJSON_AddNumberToObject(o, "node_tree1", d->pairs[k].c1);
            cJSON_AddNumberToObject(o, "node_tree2", d->pairs[k].c2);
            cJSON_AddNumberToObject(o, "segments_in_both", d->pairs[k].size);
            cJSON_AddNumberToObject(o, "chi2", round(d->pairs[k].chi2 * 1e4) / 1e4);
            cJSON_AddItemToArray(pairs, o);
        }
    }
    add_themes(root, d, themes);
    add_signs(root, d);
    char *text = cJSON_Print(root);
    cJSON_Delete(root);
    if (!text) /* cJSON's NULL: out of memory, or an item it could not add */
        return cn_error_nomem(err);
    char path[4200];
    FILE *f = create(dir, "classes.json", path, sizeof path, err);
    if (!f) {
        free(text);
        return -1;
    }
    fputs(text, f);
    fputc('\n', f);
    free(text);
    return finish(f, path, err);
}

void cn_tables_print_summary(FILE *out, const cn_dhc *d)
{
    uint32_t n = classified(d);
    fprintf(out, "%u rows classified on %u (%.2f %%), %d classes after %d splits (mincl %d)\n", n,
            d->nrows, d->nrows ? 100.0 * n / d->nrows : 0.0, d->nclasses, d->nsplits, d->mincl);
    for (int k = 0; k < d->nclasses; k++)
        fprintf(out, "  class %d: %u (%.2f %%)\n", k + 1, d->class_size[k],
                n ? 100.0 * d->class_size[k] / n : 0.0);
}

/* The segment as written, on one line, into *buf (grown as needed); NULL when memory ran
 * out. */
static const char *segment_text(const cn_prepared *p, uint32_t s, char **buf, size_t *cap)
{
    const cn_seg *seg = &p->segs[s];
    const cn_corpus_text *t = &p->corpus->texts[p->texts[seg->text]];
    const char *body = t->blocks[seg->block].body;
    size_t n = seg->end - seg->start;
    if (cn_grow((void **)buf, cap, n + 1, 1) < 0)
        return NULL;
    char *out = *buf;
    for (size_t i = 0; i < n; i++) {
        char c = body[seg->start + i];
        out[i] = c == '\n' || c == '\r' || c == '\t' ? ' ' : c;
    }
    out[n] = '\0';
    return out;
}

static void csv_uint(FILE *f, uint64_t v)
{
    fprintf(f, "%llu", (unsigned long long)v);
}

int cn_tables_write_segments(const char *dir, const cn_prepared *p, bool unit_texts,
                             const uint32_t *unit_class, cn_error *err)
{
    char path[4200];
    cn_wbuf *b = malloc(sizeof *b); /* millions of rows: written without printf */
    FILE *f = b ? create(dir, "segments.csv", path, sizeof path, err) : NULL;
    if (!f) {
        free(b);
        return b ? -1 : cn_error_nomem(err);
    }
    cn_wbuf_init(b, f);
    cn_wbuf_str(b, "segment_id,text_id,class,segment_text\n");
    char *buf = NULL;
    size_t cap = 0;
    int rc = 0;
    for (uint32_t s = 0; s < p->nsegs; s++) {
        const char *text = segment_text(p, s, &buf, &cap);
        if (!text) {
            rc = cn_error_nomem(err);
            break;
        }
        uint32_t k = unit_class[unit_texts ? p->segs[s].text : s];
        cn_wbuf_u64(b, s + 1);
        cn_wbuf_char(b, ',');
        cn_wbuf_u64(b, cn_prepared_text_number(p, p->segs[s].text));
        cn_wbuf_char(b, ',');
        cn_wbuf_u64(b, k);
        cn_wbuf_char(b, ',');
        cn_csv_text_wbuf(b, text);
        cn_wbuf_char(b, '\n');
    }
    free(buf);
    bool failed = cn_wbuf_flush(b) < 0;
    free(b);
    if (rc < 0) {
        fclose(f);
        return rc;
    }
    return cn_out_close_failed(f, path, failed, err);
}

static const char *row_kind(uint8_t kind)
{
    return kind == CN_ROW_ACTIVE          ? "active"
           : kind == CN_ROW_SUPPLEMENTARY ? "supplementary"
                                          : "modality";
}

static const char *row_term(const cn_prepared *p, const cn_profiles *pr, const cn_profile_row *r)
{
    return r->kind == CN_ROW_MODALITY ? cn_intern_str(pr->modalities, r->id)
                                      : cn_lemma_name(p, r->id);
}

static void write_row(FILE *f, const cn_prepared *p, const cn_profiles *pr, const cn_profile_row *r)
{
    fprintf(f, "%u,%s,", r->cls, row_kind(r->kind));
    cn_csv_text(f, row_term(p, pr, r));
    fprintf(f, ",%u,%u,%.2f,%.3f,%.3g\n", r->a, r->total, r->total ? 100.0 * r->a / r->total : 0,
            r->chi2, r->p);
}

int cn_tables_write_profiles(const char *dir, const cn_prepared *p, const cn_profiles *pr,
                             const char *units, cn_error *err)
{
    char path[4200];
    FILE *f = create(dir, "profiles.csv", path, sizeof path, err);
    if (!f)
        return -1;
    fprintf(f, "class,kind,term,%s_in_class,%s_total,percent,chi2,p\n", units, units);
    for (size_t i = 0; i < pr->nrows; i++)
        write_row(f, p, pr, &pr->rows[i]);
    if (finish(f, path, err) < 0)
        return -1;

    /* IRAMUTEQ's own layout: ';' blocks per class, active / supplementary / modalities,
     * profile rows by chi2 descending (anti-profiles are in the long file). */
    f = create(dir, "profiles_iramuteq.csv", path, sizeof path, err);
    if (!f)
        return -1;
    fprintf(f, "***\nnb classes;%u\n", pr->nclasses);
    for (uint32_t k = 1; k <= pr->nclasses; k++) {
        fprintf(f, "**;classe %u\n****;%u;%u;%.2f\n", k, pr->class_units[k - 1], pr->classified,
                pr->classified ? 100.0 * pr->class_units[k - 1] / pr->classified : 0);
        const char *separator[] = {"", "*****\n", "*\n"};
        for (uint8_t kind = CN_ROW_ACTIVE; kind <= CN_ROW_MODALITY; kind++) {
            fputs(separator[kind], f);
            unsigned num = 0;
            for (size_t i = 0; i < pr->nrows; i++) {
                const cn_profile_row *r = &pr->rows[i];
                if (r->cls != k || r->kind != kind || r->chi2 <= 0)
                    continue;
                fprintf(f, "%u;%u;%u;%.2f;%.3f;%s;%s;%.4f\n", num++, r->a, r->total,
                        r->total ? 100.0 * r->a / r->total : 0, r->chi2,
                        kind == CN_ROW_MODALITY ? ""
                        : kind == CN_ROW_ACTIVE ? "act"
                                                : "sup",
                        row_term(p, pr, r), r->p);
            }
        }
    }
    return finish(f, path, err);
}

int cn_tables_write_modalities(const char *dir, const cn_profiles *pr, const char *units,
                               cn_error *err)
{
    char path[4200];
    FILE *f = create(dir, "modalities.csv", path, sizeof path, err);
    if (!f)
        return -1;
    fprintf(f, "variable,modality,class,%s_in_class,%s_total,percent,chi2,p\n", units, units);
    for (size_t i = 0; i < pr->nmodality_rows; i++) {
        const cn_profile_row *r = &pr->modality_rows[i];
        const char *token = cn_intern_str(pr->modalities, r->id);
        /* "*var_mod" belongs to var; a thematic "-*theme" to the variable "-*" */
        bool thematic = token[0] == '-';
        const char *us = strchr(token, '_');
        size_t vlen = thematic ? 2 : us ? (size_t)(us - token - 1) : strlen(token) - 1;
        char var[CN_WHERE_TEXT * 2];
        snprintf(var, sizeof var, "%.*s", (int)vlen, thematic ? token : token + 1);
        cn_csv_text(f, var); /* a thematic's label may hold any character: quoted */
        fputc(',', f);
        cn_csv_text(f, token);
        if (r->total == 0) /* no classified unit: no share and no test (trial 100: 0/0 as 0 %) */
            fprintf(f, ",%u,%u,%u,,,\n", r->cls, r->a, r->total);
        else
            fprintf(f, ",%u,%u,%u,%.2f,%.3f,%.3g\n", r->cls, r->a, r->total,
                    100.0 * r->a / r->total, r->chi2, r->p);
    }
    return finish(f, path, err);
}

/* The text's cohort modalities ("*sex_f *care_lt1"), one field: all its stars but its
 * participant, date and time, which have their own columns. */
static int typical_modalities(FILE *f, const cn_corpus_text *t, const char *speaker,
                              const char *time_var, cn_error *err)
{
    size_t len = 1;
    for (size_t v = 0; v < t->nstars; v++)
        len += strlen(t->stars[v]) + 1;
    char *joined = malloc(len);
    if (!joined)
        return cn_error_nomem(err);
    size_t at = 0;
    for (size_t v = 0; v < t->nstars; v++)
        if (cn_quote_is_cohort(t->stars[v], speaker, time_var))
            at += (size_t)snprintf(joined + at, len - at, "%s%s", at ? " " : "", t->stars[v]);
    joined[at] = '\0';
    cn_csv_text(f, joined);
    free(joined);
    return 0;
}

/* The marked words of a typical segment as written, each spelling once, one field. */
static int typical_forms(FILE *f, const char *body, const cn_quote_occurrence *marks, size_t n,
                         cn_error *err)
{
    size_t len = 1;
    for (size_t i = 0; i < n; i++)
        len += marks[i].end - marks[i].start + 1;
    char *joined = malloc(len);
    if (!joined)
        return cn_error_nomem(err);
    size_t at = 0;
    for (size_t i = 0; i < n; i++) {
        size_t w = marks[i].end - marks[i].start;
        bool seen = false;
        for (size_t j = 0; j < i && !seen; j++)
            seen = marks[j].end - marks[j].start == w &&
                   memcmp(body + marks[j].start, body + marks[i].start, w) == 0;
        if (seen)
            continue;
        if (at)
            joined[at++] = ' ';
        memcpy(joined + at, body + marks[i].start, w);
        at += w;
    }
    joined[at] = '\0';
    cn_csv_text(f, joined);
    free(joined);
    return 0;
}

/* Scratch shared by the rows of typical_segments.csv. */
typedef struct typical_scratch {
    cn_quote_occurrence *marks;
    size_t nmarks, cap;
} typical_scratch;

static int write_typical_row(FILE *f, const cn_prepared *p, const cn_profiles *pr,
                             const cn_typical *t, const cn_tables_quote *q, typical_scratch *x,
                             cn_error *err)
{
    const cn_seg *seg = &p->segs[t->segment];
    const cn_corpus_text *ct = &p->corpus->texts[p->texts[seg->text]];
    cn_quote_source src = cn_quote_source_of(ct, q->speaker, q->time_var);
    if (cn_quote_marks(p, pr, t->segment, t->cls, &x->marks, &x->nmarks, &x->cap, err) < 0)
        return -1;
    size_t cap = 0;
    char *text = NULL;
    if (!segment_text(p, t->segment, &text, &cap))
        return cn_error_nomem(err);
    fprintf(f, "%u,%u,%.3f,%u,%u,", t->cls, t->rank, t->score, t->segment + 1,
            cn_prepared_text_number(p, seg->text));
    cn_csv_text(f, src.participant ? src.participant : "");
    fputc(',', f);
    cn_csv_text(f, src.date ? src.date : "");
    fputc(',', f);
    cn_csv_text(f, src.time_var ? src.time_var : "");
    fputc(',', f);
    cn_csv_text(f, src.time ? src.time : "");
    fputc(',', f);
    int rc = typical_modalities(f, ct, q->speaker, q->time_var, err);
    fputc(',', f);
    if (rc == 0)
        rc = typical_forms(f, ct->blocks[seg->block].body, x->marks, x->nmarks, err);
    fputc(',', f);
    cn_csv_text(f, text);
    fputc('\n', f);
    free(text);
    return rc;
}

int cn_tables_write_typical(const char *dir, const cn_prepared *p, const cn_profiles *pr,
                            const cn_tables_quote *q, cn_error *err)
{
    char path[4200];
    FILE *f = create(dir, "typical_segments.csv", path, sizeof path, err);
    if (!f)
        return -1;
    fputs("class,rank,score,segment_id,text_id,participant,date,time_variable,time,modalities,"
          "profile_forms,segment_text\n",
          f);
    typical_scratch x = {0};
    int rc = 0;
    for (size_t i = 0; i < pr->ntypical && rc == 0; i++)
        rc = write_typical_row(f, p, pr, &pr->typical[i], q, &x, err);
    free(x.marks);
    if (rc < 0) {
        fclose(f);
        return -1;
    }
    return finish(f, path, err);
}

typedef struct freq_row {
    uint64_t freq;
    const char *name;
    uint32_t lemma;
} freq_row;

static int compare_freq(const void *x, const void *y)
{
    const freq_row *a = x, *b = y;
    if (a->freq != b->freq)
        return a->freq > b->freq ? -1 : 1;
    int c = strcmp(a->name, b->name);
    return c ? c : (a->lemma > b->lemma) - (a->lemma < b->lemma);
}

int cn_tables_write_frequencies(const char *dir, const cn_prepared *p, cn_error *err)
{
    uint32_t n = cn_intern_count(p->lemma_keys);
    freq_row *rows = malloc(((size_t)n + 1) * sizeof *rows);
    if (!rows)
        return cn_error_nomem(err);
    uint32_t kept = 0;
    for (uint32_t l = 0; l < n; l++)
        if (p->lemmas[l].freq > 0)
            rows[kept++] = (freq_row){p->lemmas[l].freq, cn_lemma_name(p, l), l};
    n = kept;
    qsort(rows, n, sizeof *rows, compare_freq);
    char path[4200];
    FILE *f = create(dir, "frequencies.csv", path, sizeof path, err);
    if (!f) {
        free(rows);
        return -1;
    }
    fputs("form,frequency,status,classified\n", f);
    for (uint32_t i = 0; i < n; i++) {
        const cn_lemma *l = &p->lemmas[rows[i].lemma];
        cn_csv_text(f, rows[i].name);
        fputc(',', f);
        csv_uint(f, rows[i].freq);
        fprintf(f, ",%s,%s\n",
                l->status == CN_LEMMA_ACTIVE          ? "active"
                : l->status == CN_LEMMA_SUPPLEMENTARY ? "supplementary"
                                                      : "ignored",
                l->column >= 0 ? "yes" : "no");
    }
    free(rows);
    return finish(f, path, err);
}

int cn_tables_write_dtm(const char *dir, const cn_prepared *p, bool unit_texts, cn_error *err)
{
    char path[4200];
    FILE *f = create(dir, "dtm.mtx", path, sizeof path, err);
    if (!f)
        return -1;
    cn_sparse_write_mtx(p->matrix, f);
    if (finish(f, path, err) < 0 || !(f = create(dir, "dtm_rows.csv", path, sizeof path, err)))
        return -1;
    fputs(unit_texts ? "row,text_id\n" : "row,segment_id,text_id\n", f);
    for (uint32_t r = 0; r < p->matrix->nrows; r++)
        if (unit_texts)
            fprintf(f, "%u,%u\n", r + 1, cn_prepared_text_number(p, r));
        else
            fprintf(f, "%u,%u,%u\n", r + 1, r + 1, cn_prepared_text_number(p, p->segs[r].text));
    if (finish(f, path, err) < 0 || !(f = create(dir, "dtm_cols.csv", path, sizeof path, err)))
        return -1;
    fputs("column,form,frequency\n", f);
    for (uint32_t c = 0; c < p->ncols; c++) {
        fprintf(f, "%u,", c + 1);
        cn_csv_text(f, cn_lemma_name(p, p->col_lemma[c]));
        fputc(',', f);
        csv_uint(f, p->lemmas[p->col_lemma[c]].freq);
        fputc('\n', f);
    }
    return finish(f, path, err);
}
