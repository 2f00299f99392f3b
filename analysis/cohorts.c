/* cohorts.c — the classes of each cohort of a --by run matched with the whole corpus's,
 * by_VAR.csv, and the cohorts' reading order (see cohorts.h). */
#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "carnet/cohorts.h"
#include "carnet/csvout.h"
#include "carnet/grow.h"
#include "carnet/outfile.h"

static int add_row(cn_cohorts *t, const cn_cohorts_row *c, cn_error *err)
{
    if (cn_grow((void **)&t->rows, &t->cap, t->n + 1, sizeof *t->rows) < 0)
        return cn_error_nomem(err);
    t->rows[t->n++] = *c;
    return 0;
}

static void free_row(cn_cohorts_row *c)
{
    free(c->cohort);
    free(c->segment);
    free(c->error);
    free(c->label);
    free(c->largest);
}

bool cn_cohorts_many_note(const cn_cohorts *t, const char *var, char *buf, size_t size)
{
    buf[0] = '\0';
    if (t->cohorts <= CN_COHORTS_MANY)
        return false;
    snprintf(buf, size,
             "%u cohorts of %s, %.1f texts each on average: each is classified on its own, and "
             "most may be too small to classify; a variable of coarser grain groups them (month "
             "rather than date, site rather than participant)",
             t->cohorts, var, (double)t->starred / t->cohorts);
    return true;
}

bool cn_cohorts_twins_note(const cn_cohorts *t, const char *var, char *buf, size_t size)
{
    buf[0] = '\0';
    if (!t->case_twins[0][0])
        return false;
    uint32_t others = t->twins_in_group > 2 ? t->twins_in_group - 2 : 0;
    char more[64] = "", groups[160] = "";
    if (others)
        snprintf(more, sizeof more, " and %u other modalit%s", others, others == 1 ? "y" : "ies");
    if (t->twin_groups > 1)
        snprintf(groups, sizeof groups, "; %u other group%s of modalities of %s differ%s so",
                 t->twin_groups - 1, t->twin_groups == 2 ? "" : "s", var,
                 t->twin_groups == 2 ? "s" : "");
    snprintf(buf, size,
             "*%s_%s%s *%s_%s%s differ only by %s: %u cohorts%s%s; write the stars "
             "alike if they are one",
             var, t->case_twins[0], others ? "," : " and", var, t->case_twins[1], more,
             t->twins_mixed      ? "case or by the zeros before a number"
             : t->twins_by_zeros ? "the zeros before a number"
                                 : "case",
             t->twins_in_group,
             t->twins_by_zeros ? "" : " (and one folder where file names ignore case)", groups);
    return true;
}

void cn_cohorts_free(cn_cohorts *t)
{
    for (size_t i = 0; i < t->n; i++)
        free_row(&t->rows[i]);
    for (size_t i = 0; i < t->nall; i++)
        free_row(&t->all[i]);
    free(t->rows);
    free(t->all);
    free(t->all_error);
    memset(t, 0, sizeof *t);
}

/* The class's most characteristic active forms, as many of the first 10 as fit. */
static void top_forms(cn_cohorts_row *c, const cn_prepared *p, const cn_profiles *pr, uint32_t k)
{
    size_t used = 0;
    int shown = 0;
    for (size_t i = 0; i < pr->nrows && shown < 10; i++) {
        const cn_profile_row *r = &pr->rows[i];
        if (r->cls != k || r->kind != CN_ROW_ACTIVE || r->chi2 <= 0)
            continue;
        int n = snprintf(c->forms + used, sizeof c->forms - used, "%s%s", shown ? " " : "",
                         cn_lemma_name(p, r->id));
        if (n < 0 || (size_t)n >= sizeof c->forms - used)
            break;
        used += (size_t)n;
        shown++;
    }
}

/* The class's best typical segment on one line, or NULL when it has none (or no memory). */
static char *best_segment(const cn_prepared *p, const cn_profiles *pr, uint32_t k)
{
    for (size_t i = 0; i < pr->ntypical; i++)
        if (pr->typical[i].cls == k) {
            const cn_seg *s = &p->segs[pr->typical[i].segment];
            const char *body = p->corpus->texts[p->texts[s->text]].blocks[s->block].body + s->start;
            char *seg = strndup(body, s->end - s->start);
            for (char *ch = seg; ch && *ch; ch++)
                if (*ch == '\n' || *ch == '\r')
                    *ch = ' ';
            return seg;
        }
    return NULL;
}

/* The rows of run's classes, without their whole-corpus class: size, forms, segment,
 * and the participants when run has them. */
static int class_rows(cn_cohorts_row *rows, const char *cohort, const cn_cohorts_run *run,
                      cn_error *err)
{
    const cn_profiles *pr = run->pr;
    const cn_concentration *conc = run->conc;
    for (uint32_t k = 1; k <= pr->nclasses; k++) {
        cn_cohorts_row *c = &rows[k - 1];
        c->cls = k;
        c->size = pr->class_units[k - 1];
        c->percent = pr->classified ? 100.0 * pr->class_units[k - 1] / pr->classified : 0;
        c->units = run->p->matrix->nrows;
        c->classified = pr->classified;
        top_forms(c, run->p, pr, k);
        c->segment = best_segment(run->p, pr, k);
        if (!(c->cohort = strdup(cohort)))
            return cn_error_nomem(err);
        if (run->labels && k <= run->nlabels && run->labels[k] &&
            !(c->label = strdup(run->labels[k])))
            return cn_error_nomem(err);
        if (conc && conc->available && k <= conc->nclasses) {
            const cn_concentration_class *cc = &conc->classes[k - 1];
            c->has_speaker = true;
            c->participants = cc->participants;
            c->largest_share = cc->largest_share;
            c->over_half = cc->over_half;
            if (!(c->largest = strdup(cn_concentration_largest(conc, k))))
                return cn_error_nomem(err);
        }
    }
    return 0;
}

/* For each class of run, the class of all holding most of its units (the lowest such
 * class on a tie) and that share; map gives each unit of run its unit in all. */
static int match_classes(cn_cohorts_row *rows, const cn_cohorts_run *run, const cn_cohorts_run *all,
                         const uint32_t *map, cn_error *err)
{
    uint32_t K = run->pr->nclasses, W = all->pr->nclasses + 1; /* all's class 0 counts too */
    uint32_t *count = calloc((size_t)K * W + 1, sizeof *count);
    if (!count)
        return cn_error_nomem(err);
    for (uint32_t u = 0; u < run->p->matrix->nrows; u++) {
        uint32_t k = run->unit_class[u], w = all->unit_class[map[u]];
        if (k >= 1 && k <= K && w < W)
            count[(size_t)(k - 1) * W + w]++;
    }
    for (uint32_t k = 1; k <= K; k++) {
        const uint32_t *row = count + (size_t)(k - 1) * W;
        cn_cohorts_row *c = &rows[k - 1];
        for (uint32_t w = 1; w < W; w++)
            if (row[w] > (c->all_class ? row[c->all_class] : 0))
                c->all_class = w;
        c->all_share = c->all_class && c->size ? (double)row[c->all_class] / c->size : 0;
        c->all_unclassified = c->size ? (double)row[0] / c->size : 0;
        c->matched = true;
    }
    free(count);
    return 0;
}

int cn_cohorts_set_whole(cn_cohorts *t, const cn_cohorts_run *all, cn_error *err)
{
    uint32_t K = all->pr->nclasses;
    cn_cohorts_row *rows = calloc(K ? K : 1, sizeof *rows);
    if (!rows)
        return cn_error_nomem(err);
    int rc = class_rows(rows, "all", all, err);
    if (rc < 0) {
        for (uint32_t k = 0; k < K; k++)
            free_row(&rows[k]);
        free(rows);
        return rc;
    }
    for (size_t i = 0; i < t->nall; i++)
        free_row(&t->all[i]);
    free(t->all);
    t->all = rows;
    t->nall = t->capall = K;
    t->unit_texts = all->unit_texts;
    return 0;
}

int cn_cohorts_set_whole_failure(cn_cohorts *t, const char *reason, cn_error *err)
{
    char *copy = strdup(reason);
    if (!copy)
        return cn_error_nomem(err);
    free(t->all_error);
    t->all_error = copy;
    return 0;
}

int cn_cohorts_add_classes(cn_cohorts *t, const char *cohort, const cn_cohorts_run *run,
                           const cn_cohorts_run *all, cn_error *err)
{
    uint32_t K = run->pr->nclasses;
    if (K == 0) /* a run that kept no class still gets its row, which says so */
        return cn_cohorts_add_failure(t, cohort,
                                      "no class kept: every phase-1 leaf was below the minimum "
                                      "class size (--min-class); see its folder",
                                      err);
    uint32_t *map = NULL;
    cn_cohorts_row *rows = calloc(K, sizeof *rows);
    int rc = rows ? class_rows(rows, cohort, run, err) : cn_error_nomem(err);
    if (rc == 0 && all)
        rc = cn_cohorts_match_units(all->p, run->p, run->unit_texts, &map, err);
    if (rc == 0 && all)
        rc = match_classes(rows, run, all, map, err);
    if (rc == 0 && cn_grow((void **)&t->rows, &t->cap, t->n + K, sizeof *t->rows) < 0)
        rc = cn_error_nomem(err);
    if (rc == 0) {
        memcpy(t->rows + t->n, rows, K * sizeof *rows);
        t->n += K;
    } else {
        for (uint32_t k = 0; rows && k < K; k++)
            free_row(&rows[k]);
    }
    free(rows);
    free(map);
    return rc;
}

static int add_failure(cn_cohorts *t, cn_cohorts_row c, const char *cohort, const char *reason,
                       cn_error *err)
{
    c.cohort = strdup(cohort);
    c.error = strdup(reason);
    if (!c.cohort || !c.error || add_row(t, &c, err) < 0) {
        free_row(&c);
        return cn_error_nomem(err);
    }
    return 0;
}

int cn_cohorts_add_failure(cn_cohorts *t, const char *cohort, const char *reason, cn_error *err)
{
    return add_failure(t, (cn_cohorts_row){.cls = 0}, cohort, reason, err);
}

int cn_cohorts_add_unclassified(cn_cohorts *t, const char *cohort, const char *reason,
                                uint32_t units, uint32_t classified, cn_error *err)
{
    cn_cohorts_row c = {.cls = 0, .units = units, .classified = classified, .kept = true};
    return add_failure(t, c, cohort, reason, err);
}

/* The top forms of the whole-corpus class k, or "" when the table has no such class. */
static const char *all_forms(const cn_cohorts *t, uint32_t k)
{
    return k >= 1 && k <= t->nall ? t->all[k - 1].forms : "";
}

/* The columns after error: the cohort's classified share, the class's participants, and
 * its whole-corpus class; empty where they do not apply. */
static void write_extra(FILE *f, const cn_cohorts *t, const cn_cohorts_row *c)
{
    if (c->cls == 0) { /* not classified: its units and its one class's when its run was
                        * made, and no share classified (trial 100: a run of one class wrote
                        * 100 %, which sorted the cohort first) */
        if (c->kept)
            fprintf(f, ",%u,%u,,,,,,,,,", c->units, c->classified);
        else
            fputs(",,,,,,,,,,,", f);
        return;
    }
    fprintf(f, ",%u,%u,%.2f,", c->units, c->classified,
            c->units ? 100.0 * c->classified / c->units : 0);
    if (c->has_speaker) {
        fprintf(f, "%u,", c->participants);
        cn_csv_text(f, c->largest ? c->largest : "");
        fprintf(f, ",%.2f,%s,", 100 * c->largest_share, c->over_half ? "yes" : "no");
    } else
        fputs(",,,,", f);
    if (c->all_class)
        fprintf(f, "%u,%.2f,", c->all_class, 100 * c->all_share);
    else
        fputs(",,", f);
    if (c->matched)
        fprintf(f, "%.2f,", 100 * c->all_unclassified);
    else
        fputc(',', f);
    cn_csv_text(f, all_forms(t, c->all_class));
}

int cn_cohorts_write_csv(const cn_cohorts *t, const char *path, cn_error *err)
{
    FILE *f = cn_out_open(path, err);
    if (!f)
        return CN_EIO;
    fputs("cohort,class,size,percent,top_forms,typical_segment,error,units,classified,"
          "classified_percent,participants,largest_participant,largest_percent,over_half,"
          "all_class,all_percent,all_unclassified_percent,all_forms,label,all_label\n",
          f);
    for (size_t i = 0; i < t->n; i++) {
        const cn_cohorts_row *c = &t->rows[i];
        cn_csv_text(f, c->cohort);
        if (c->cls == 0) /* not classified: no class, so no share of one */
            fprintf(f, ",0,0,,");
        else
            fprintf(f, ",%u,%u,%.2f,", c->cls, c->size, c->percent);
        cn_csv_text(f, c->forms);
        fputc(',', f);
        cn_csv_text(f, c->segment ? c->segment : "");
        fputc(',', f);
        cn_csv_text(f, c->error ? c->error : "");
        write_extra(f, t, c);
        fputc(',', f); /* the names --labels gave the class and its whole-corpus class */
        cn_csv_text(f, c->label ? c->label : "");
        fputc(',', f);
        cn_csv_text(f, c->all_class && c->all_class <= t->nall && t->all[c->all_class - 1].label
                           ? t->all[c->all_class - 1].label
                           : "");
        fputc('\n', f);
    }
    return cn_out_close(f, path, err);
}

/* Each text of part: its index among whole's texts (both lists are in corpus order). */
static int match_texts(const cn_prepared *whole, const cn_prepared *part, uint32_t *text_map,
                       cn_error *err)
{
    uint32_t w = 0;
    for (uint32_t t = 0; t < part->ntexts; t++) {
        while (w < whole->ntexts && whole->texts[w] < part->texts[t])
            w++;
        if (w == whole->ntexts || whole->texts[w] != part->texts[t])
            return cn_error_code(err, CN_EINVALID,
                                 "the text at line %zu is in the cohort but not in the whole-"
                                 "corpus run",
                                 part->corpus->texts[part->texts[t]].line);
        text_map[t] = w;
    }
    return 0;
}

/* first[w] .. first[w + 1]: the segments of whole's text w (segments come text by text). */
static int first_segments(const cn_prepared *p, uint32_t *first, cn_error *err)
{
    uint32_t s = 0;
    for (uint32_t t = 0; t <= p->ntexts; t++) {
        first[t] = s;
        while (s < p->nsegs && p->segs[s].text == t)
            s++;
    }
    if (s != p->nsegs)
        return cn_error_set(err, "the segments of the whole-corpus run are not in text order");
    return 0;
}

static bool same_span(const cn_seg *a, const cn_seg *b)
{
    return a->block == b->block && a->start == b->start && a->end == b->end;
}

/* Each segment of part: the segment of whole with the same text and the same rank in it,
 * whose span must be the same; and each text must have as many segments in both. */
static int match_segments(const cn_prepared *whole, const cn_prepared *part,
                          const uint32_t *text_map, const uint32_t *first, uint32_t *map,
                          cn_error *err)
{
    uint32_t s = 0;
    for (uint32_t t = 0; t < part->ntexts; t++) {
        uint32_t w = text_map[t], rank = 0;
        for (; s < part->nsegs && part->segs[s].text == t; s++, rank++) {
            uint32_t ws = first[w] + rank;
            if (ws >= first[w + 1] || !same_span(&part->segs[s], &whole->segs[ws]))
                break;
            map[s] = ws;
        }
        if (first[w] + rank != first[w + 1] || (s < part->nsegs && part->segs[s].text == t))
            return cn_error_code(err, CN_EINVALID,
                                 "the text at line %zu is cut into other segments in the "
                                 "cohort than in the whole-corpus run (segment %u)",
                                 part->corpus->texts[part->texts[t]].line, rank + 1);
    }
    if (s != part->nsegs)
        return cn_error_set(err, "the segments of the cohort's run are not in text order");
    return 0;
}

int cn_cohorts_match_units(const cn_prepared *whole, const cn_prepared *part, bool unit_texts,
                           uint32_t **out, cn_error *err)
{
    *out = NULL;
    uint32_t n = unit_texts ? part->ntexts : part->nsegs;
    uint32_t *text_map = malloc(((size_t)part->ntexts + 1) * sizeof *text_map);
    uint32_t *first = malloc(((size_t)whole->ntexts + 1) * sizeof *first);
    uint32_t *map = malloc(((size_t)n + 1) * sizeof *map);
    int rc = text_map && first && map ? 0 : cn_error_nomem(err);
    if (rc == 0)
        rc = match_texts(whole, part, text_map, err);
    if (rc == 0 && unit_texts)
        memcpy(map, text_map, (size_t)n * sizeof *map);
    else if (rc == 0 && (rc = first_segments(whole, first, err)) == 0)
        rc = match_segments(whole, part, text_map, first, map, err);
    free(text_map);
    free(first);
    if (rc < 0)
        free(map);
    else
        *out = map;
    return rc;
}

/* How a modality sorts: whether it carries a number, the first one, which side of it
 * (-1 "lt1", +1 "gt3" or "55p"), and where it first appeared. */
typedef struct order_key {
    char *mod;
    bool numbered;
    double number;
    int side;
    size_t seen;
} order_key;

static bool ends_with(const char *s, size_t len, const char *word)
{
    size_t w = strlen(word);
    return len >= w && strncasecmp(s + len - w, word, w) == 0;
}

static order_key key_of(char *mod, size_t seen)
{
    order_key k = {.mod = mod, .seen = seen};
    size_t before = strcspn(mod, "0123456789");
    if (!mod[before])
        return k;
    k.numbered = true;
    const char *after = mod + before;
    for (; isdigit((unsigned char)*after); after++)
        k.number = k.number * 10 + (*after - '0');
    static const char *const below[] = {"lt", "under", "below", "less"};
    static const char *const above[] = {"gt", "over", "above", "more"};
    for (size_t i = 0; i < sizeof below / sizeof *below; i++) {
        if (ends_with(mod, before, below[i]))
            k.side = -1;
        if (ends_with(mod, before, above[i]))
            k.side = 1;
    }
    if (strcasecmp(after, "p") == 0 || strcasecmp(after, "plus") == 0)
        k.side = 1;
    return k;
}

static int by_key(const void *a, const void *b)
{
    const order_key *x = a, *y = b;
    if (x->numbered != y->numbered)
        return x->numbered ? -1 : 1;
    if (x->numbered && x->number != y->number)
        return x->number < y->number ? -1 : 1;
    if (x->numbered && x->side != y->side)
        return x->side < y->side ? -1 : 1;
    return x->seen < y->seen ? -1 : x->seen > y->seen;
}

int cn_cohorts_natural_order(char **mods, size_t n, cn_error *err)
{
    if (n < 2)
        return 0;
    order_key *keys = malloc(n * sizeof *keys);
    if (!keys)
        return cn_error_nomem(err);
    for (size_t i = 0; i < n; i++)
        keys[i] = key_of(mods[i], i);
    qsort(keys, n, sizeof *keys, by_key);
    for (size_t i = 0; i < n; i++)
        mods[i] = keys[i].mod;
    free(keys);
    return 0;
}
