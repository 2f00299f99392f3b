/* themes.c — the leaves a classification left out and why a run has so few classes (see
 * themes.h). A theme's profile is the class profile code run on a two-class labelling:
 * the leaf's units (class 1) against every other unit (class 2). */
#include "carnet/themes.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "carnet/jobs.h"
#include "carnet/profile.h"

/* The top rows and typical segments of class 1 (the theme) of a two-class profile into t.
 * Both come sorted by class, then by chi2 or score descending (profile.h): the first ones
 * are the best. */
static int take_profile(const cn_prepared *p, const cn_profiles *pr, cn_theme *t, cn_error *err)
{
    for (size_t i = 0; i < pr->nrows; i++) {
        const cn_profile_row *r = &pr->rows[i];
        if (r->cls != 1 || r->chi2 <= CN_PROFILE_THRESHOLD)
            continue;
        cn_theme_row row = {NULL, r->a, r->total, r->chi2};
        if (r->kind == CN_ROW_ACTIVE && t->nforms < CN_THEME_FORMS) {
            row.name = cn_lemma_name(p, r->id);
            t->forms[t->nforms++] = row;
        } else if (r->kind == CN_ROW_MODALITY && t->nmodalities < CN_THEME_MODALITIES) {
            if (!(row.name = strdup(cn_intern_str(pr->modalities, r->id))))
                return cn_error_nomem(err);
            t->modalities[t->nmodalities++] = row;
        }
    }
    for (size_t i = 0; i < pr->ntypical && t->nsegments < CN_THEME_SEGMENTS; i++)
        if (pr->typical[i].cls == 1)
            t->segments[t->nsegments++] = pr->typical[i].segment;
    return 0;
}

/* The profile of the units labelled 1 in unit_class against those labelled 2, into t;
 * mods and totals: p's modalities and counts over all units, made once for all the themes
 * (a theme's profile then reads the theme's units alone: on the King James Bible, whose
 * 9 themes each read the whole corpus, the profiles stage went 52 -> 23 ms). */
static int profile_of(const cn_prepared *p, const cn_profile_mods *mods,
                      const cn_profile_totals *totals, const uint32_t *unit_class, cn_theme *t,
                      cn_error *err)
{
    cn_profiles *pr;
    if (cn_profile_set(p, mods, totals, unit_class, &pr, err) < 0)
        return -1;
    int rc = take_profile(p, pr, t, err);
    cn_profiles_free(pr);
    return rc;
}

/* Theme k of d: its size, the --min-class that keeps it, and its profile. */
static int theme_profile(const cn_prepared *p, const cn_profile_mods *mods,
                         const cn_profile_totals *totals, const cn_dhc *d, const cn_dhc_leaf *leaf,
                         uint32_t *unit_class, cn_theme *t, cn_error *err)
{
    *t = (cn_theme){.node = leaf->node,
                    .size = leaf->size,
                    .unclassified = leaf->size,
                    .min_class = (int)leaf->size};
    const int32_t *last = d->labels + (size_t)(d->nsplits - 1) * d->nrows;
    for (uint32_t u = 0; u < d->nrows; u++)
        unit_class[u] = last[u] == leaf->node ? 1 : 2;
    if (cn_dhc_classes_with(d, t->min_class, &t->with_it, err) < 0)
        return -1;
    return profile_of(p, mods, totals, unit_class, t, err);
}

/* One theme's profile, a task of its own (jobs.h): each computes a whole profile of the
 * corpus, and a run with many left-out leaves (the King James Bible's 9) spent a tenth of
 * its time on them one after the other. */
typedef struct theme_job {
    const cn_prepared *p;
    const cn_profile_mods *mods;
    const cn_profile_totals *totals; /* over p's units: the run's segments or texts */
    const cn_dhc *d;
    const cn_dhc_leaf *leaf; /* a simple classification's left-out leaf, or NULL: a double's
                                leaf (t->tree, t->node) */
    cn_theme *t;
} theme_job;

static int run_theme(void *ctx, cn_error *err)
{
    const theme_job *j = ctx;
    const cn_dhc *d = j->d;
    uint32_t *unit_class = malloc(((size_t)d->nrows + 1) * sizeof *unit_class);
    if (!unit_class)
        return cn_error_nomem(err);
    int rc;
    if (j->leaf) {
        rc = theme_profile(j->p, j->mods, j->totals, d, j->leaf, unit_class, j->t, err);
    } else {
        for (uint32_t u = 0; u < d->nrows; u++)
            unit_class[u] = d->leaf[j->t->tree - 1][u] == j->t->node ? 1 : 2;
        rc = profile_of(j->p, j->mods, j->totals, unit_class, j->t, err);
    }
    free(unit_class);
    return rc;
}

/* The profiles of the n themes of jobs on `threads` threads; the error is the first
 * theme's that failed, as one after the other. */
static int profile_themes(theme_job *jobs, int n, int threads, cn_error *err)
{
    cn_job *list = malloc(((size_t)n + 1) * sizeof *list);
    if (!list)
        return cn_error_nomem(err);
    for (int k = 0; k < n; k++)
        list[k] = (cn_job){run_theme, &jobs[k], k};
    int rc = cn_jobs_run(list, (size_t)n, threads, err);
    free(list);
    return rc;
}

/* ---- what the crossing of a double classification left out ------------------------ */

static int by_size_tree_node(const void *x, const void *y)
{
    const cn_theme *a = x, *b = y;
    if (a->size != b->size)
        return a->size > b->size ? -1 : 1;
    if (a->tree != b->tree)
        return a->tree - b->tree;
    return (a->node > b->node) - (a->node < b->node);
}

/* The leaves of tree t (0, 1) of d (numbered up to max) more than CN_THEME_UNCLASSIFIED
 * unclassified, appended to out->themes (room for all leaves), sizes and counts only. */
static int mostly_unclassified(const cn_dhc *d, int t, int max, cn_themes *out, cn_error *err)
{
    const int32_t *leaf = d->leaf[t];
    uint32_t *size = calloc((size_t)max + 1, sizeof *size);
    uint32_t *none = calloc((size_t)max + 1, sizeof *none);
    if (!size || !none) {
        free(size);
        free(none);
        return cn_error_nomem(err);
    }
    for (uint32_t s = 0; s < d->nrows; s++) {
        size[leaf[s]]++;
        none[leaf[s]] += d->class_of[s] == 0;
    }
    for (int l = 1; l <= max; l++)
        if (size[l] > 0 && none[l] > CN_THEME_UNCLASSIFIED * size[l])
            out->themes[out->n++] =
                (cn_theme){.tree = t + 1, .node = l, .size = size[l], .unclassified = none[l]};
    free(size);
    free(none);
    return 0;
}

/* Double classification: each tree's leaves the crossing left mostly unclassified, with
 * their profiles (the leaf's segments against all others). */
static int crossing_themes(const cn_prepared *p, const cn_dhc *d, int threads, cn_themes *out,
                           cn_error *err)
{
    if (!d->leaf[0] || !d->leaf[1])
        return 0;
    int max[2] = {0, 0}; /* the highest leaf number of each tree */
    for (int t = 0; t < 2; t++)
        for (uint32_t s = 0; s < d->nrows; s++)
            max[t] = d->leaf[t][s] > max[t] ? d->leaf[t][s] : max[t];
    size_t most = (size_t)max[0] + (size_t)max[1] + 1;
    out->themes = calloc(most, sizeof *out->themes);
    theme_job *jobs = malloc(most * sizeof *jobs);
    cn_profile_mods *mods = NULL;
    cn_profile_totals *totals = NULL;
    int rc = jobs && out->themes ? 0 : cn_error_nomem(err);
    for (int t = 0; rc == 0 && t < 2; t++)
        rc = mostly_unclassified(d, t, max[t], out, err);
    if (rc == 0 && out->n > 1)
        qsort(out->themes, (size_t)out->n, sizeof *out->themes, by_size_tree_node);
    if (rc == 0 && out->n > 0)
        rc = cn_profile_mods_new(p, &mods, err);
    if (rc == 0 && out->n > 0) /* the double classifies segments */
        rc = cn_profile_totals_new(p, mods, false, &totals, err);
    for (int k = 0; rc == 0 && k < out->n; k++)
        jobs[k] = (theme_job){.p = p, .mods = mods, .totals = totals, .d = d, .t = &out->themes[k]};
    if (rc == 0 && out->n > 0)
        rc = profile_themes(jobs, out->n, threads, err);
    cn_profile_totals_free(totals);
    cn_profile_mods_free(mods);
    free(jobs);
    return rc;
}

/* ---- why so few classes ------------------------------------------------------------- */

typedef struct text {
    char *buf;
    size_t size, len;
} text;

static void say(text *t, const char *fmt, ...)
{
    if (t->len >= t->size)
        return;
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(t->buf + t->len, t->size - t->len, fmt, ap);
    va_end(ap);
    if (n > 0)
        t->len = t->len + (size_t)n < t->size ? t->len + (size_t)n : t->size - 1;
}

/* What the researcher can change to get more units or more forms into the classification,
 * each with a value to try. */
static void say_more_units(text *t, const cn_pipeline_params *pp)
{
    if (pp->unit_texts)
        say(t, "; --unit segments (segments instead of whole texts)");
    else if (pp->segment_size > 5)
        say(t, "; --segment-size %zu (now %zu: more, shorter segments)",
            pp->segment_size / 2 > 5 ? pp->segment_size / 2 : 5, pp->segment_size);
    if (pp->min_freq > 1)
        say(t, "; --min-freq %d (now %d: more active forms)", pp->min_freq - 1, pp->min_freq);
    say(t, ".");
}

static const char *plural(long n)
{
    return n == 1 ? "" : "s";
}

/* True when the explicit --min-class, above the automatic size, is what stops the run:
 * then a finer tree or more units cannot help, and the advice is to lower it. */
static bool min_class_is_cause(const cn_dhc_params *dp, bool double_method, const cn_dhc *d)
{
    if (dp->mincl <= 0)
        return false;
    return double_method || dp->mincl > cn_dhc_auto_mincl(d->nrows, dp->nbcl_p1);
}

/* What to try when the explicit --min-class is the cause: the automatic size, and the
 * largest leaf with exactly what it gives (th->themes[0], when there is one). */
static void say_lower_min_class(text *t, const cn_dhc_params *dp, bool double_method,
                                const cn_dhc *d, const cn_themes *th, const char *units)
{
    if (double_method)
        say(t, " Try: --min-class 0 (the automatic size); a lower --min-class; --method simple");
    else
        say(t, " Try: --min-class 0 (the automatic size, %d %s here)",
            cn_dhc_auto_mincl(d->nrows, dp->nbcl_p1), units);
    if (th->n > 0 && !double_method) {
        char with_it[512];
        cn_themes_with_it(th, 0, units, with_it, sizeof with_it);
        say(t, "; %s (the largest leaf)", with_it);
    }
    say(t, ".");
}

/* "segments" or "segment", "texts" or "text", as n asks. */
static const char *units_of(const cn_pipeline_params *pp, long n)
{
    if (pp->unit_texts)
        return n == 1 ? "text" : "texts";
    return n == 1 ? "segment" : "segments";
}

/* One paragraph: what the run had, which threshold stopped it, what to try. */
static void explain(const cn_prepared *p, const cn_pipeline_params *pp, const cn_dhc_params *dp,
                    bool double_method, const cn_dhc *d, const cn_themes *th, char *buf,
                    size_t size)
{
    text t = {buf, size, 0};
    const char *units = pp->unit_texts ? "texts" : "segments";
    uint32_t classified = 0;
    for (int k = 0; k < d->nclasses; k++)
        classified += d->class_size[k];
    const char *how = dp->mincl > 0 ? "" : ", automatic: units / --classes";
    bool cause = min_class_is_cause(dp, double_method, d);
    if (d->nclasses == 1 && d->nsplits == 0 && !double_method)
        say(&t, "one class holds all %u classified %s: the tree has no split", classified, units);
    else if (d->nclasses == 0 && double_method && d->uncut > 0)
        say(&t, "neither classification split the %s even once", units);
    else if (d->nclasses == 0 && double_method && !cause) /* the size was never the bar */
        say(&t, "the crossing of the two classifications found no pair of their classes "
                "associated beyond chance (chi2 > 3.84)");
    else if (d->nclasses == 0)
        say(&t, "no class reached the minimum size of %d %s (--min-class%s)", d->mincl,
            units_of(pp, d->mincl), how);
    else
        say(&t, "only one class (%u of %u %s) reached the minimum size of %d %s (--min-class%s)",
            classified, d->nrows, units, d->mincl, units, how);
    if (cause && (uint32_t)d->mincl > d->nrows)
        say(&t, ", more than the run's %u %s: no class can reach it", d->nrows, units);
    say(&t, ". The run had %u %s and %u active forms (frequency >= %d, --min-freq). ", d->nrows,
        units, p->ncols, pp->min_freq);
    if (double_method && d->uncut > 0) {
        say(&t, "Their active forms do not tell any of them apart (identical or nearly "
                "identical texts?). Try: a corpus whose texts differ");
    } else if (double_method) {
        say(&t, "The double classification keeps the crossed pairs of its two trees that ");
        if (d->mincl > 0)
            say(&t, "share at least %d %s ", d->mincl, units_of(pp, d->mincl));
        say(&t, "%s a chi2 above 3.84, and %s.", d->mincl > 0 ? "with" : "have",
            d->nclasses ? "only one did" : "none did");
        if (cause) {
            say_lower_min_class(&t, dp, double_method, d, th, units);
            return;
        }
        say(&t, " Try: other --rst sizes; --method simple; a larger corpus");
    } else if (d->nsplits == 0 && d->uncut > 0) {
        say(&t, "The classification could not split them even once: their active forms do "
                "not tell any of them apart (identical or nearly identical texts?). Try: a "
                "corpus whose texts differ");
    } else if (d->nsplits == 0) {
        say(&t,
            "The classification could not split them even once: a split needs at least %d "
            "units sharing at least 2 active forms. Try: a larger corpus",
            dp->min_split);
    } else {
        say(&t,
            "Phase 1 split them %d time%s (--classes %d); a leaf is a class when it reaches the "
            "minimum size, or through its parent",
            d->nsplits, plural(d->nsplits), dp->nbcl_p1);
        if (d->ndiscarded == 0) {
            say(&t, ", and every leaf went to that class.");
            if (cause) {
                say_lower_min_class(&t, dp, double_method, d, th, units);
                return;
            }
            say(&t, " Try: --classes %d (a finer tree)", 2 * dp->nbcl_p1);
        } else {
            uint32_t dropped = 0;
            for (int k = 0; k < d->ndiscarded; k++)
                dropped += d->discarded[k].size;
            say(&t, "; %d %s below it %s left unclassified (%u %s; size%s", d->ndiscarded,
                d->ndiscarded == 1 ? "leaf" : "leaves", d->ndiscarded == 1 ? "was" : "were",
                dropped, units, plural(d->ndiscarded));
            for (int k = 0; k < d->ndiscarded && k < 12; k++)
                say(&t, "%s %u", k ? "," : "", d->discarded[k].size);
            say(&t, "%s; see the themes below the minimum class size).",
                d->ndiscarded > 12 ? ", ..." : "");
            if (cause) {
                say_lower_min_class(&t, dp, double_method, d, th, units);
                return;
            }
            char with_it[512] = "";
            if (th->n > 0)
                cn_themes_with_it(th, 0, units, with_it, sizeof with_it);
            say(&t, " Try: %s (the largest leaf); --classes %d (a finer tree)", with_it,
                2 * dp->nbcl_p1);
        }
    }
    say_more_units(&t, pp);
}

void cn_themes_with_it(const cn_themes *t, int k, const char *units, char *buf, size_t size)
{
    const cn_theme *th = &t->themes[k];
    text out = {buf, size, 0};
    buf[0] = '\0';
    say(&out, "--min-class %d would give %d class%s of", th->min_class, th->with_it.nclasses,
        th->with_it.nclasses == 1 ? "" : "es");
    for (int c = 0; c < th->with_it.nclasses; c++)
        say(&out, "%s %u", c ? "," : "", th->with_it.class_size[c]);
    say(&out, " %s: %u classified instead of %u", units, th->with_it.classified, t->classified);
}

int cn_themes_compute(const cn_prepared *p, const cn_pipeline_params *pp, const cn_dhc_params *dp,
                      bool double_method, const cn_dhc *d, cn_themes *out, cn_error *err)
{
    memset(out, 0, sizeof *out);
    out->double_method = double_method;
    for (int k = 0; k < d->nclasses; k++)
        out->classified += d->class_size[k];
    if (double_method) {
        int rc = crossing_themes(p, d, pp->threads, out, err);
        if (rc < 0)
            cn_themes_free(out);
        else if (d->nclasses < 2)
            explain(p, pp, dp, double_method, d, out, out->why, sizeof out->why);
        return rc;
    }
    if (d->ndiscarded == 0) {
        if (d->nclasses < 2)
            explain(p, pp, dp, double_method, d, out, out->why, sizeof out->why);
        return 0;
    }
    out->themes = calloc((size_t)d->ndiscarded, sizeof *out->themes);
    theme_job *jobs = malloc((size_t)d->ndiscarded * sizeof *jobs);
    cn_profile_mods *mods = NULL;
    cn_profile_totals *totals = NULL;
    int rc = jobs && out->themes ? 0 : cn_error_nomem(err);
    if (rc == 0)
        rc = cn_profile_mods_new(p, &mods, err);
    if (rc == 0)
        rc = cn_profile_totals_new(p, mods, pp->unit_texts, &totals, err);
    if (rc < 0) {
        cn_profile_mods_free(mods);
        free(jobs);
        cn_themes_free(out);
        return rc;
    }
    out->n = d->ndiscarded; /* freed whole on failure, the partial ones too */
    for (int k = 0; k < d->ndiscarded; k++)
        jobs[k] = (theme_job){.p = p,
                              .mods = mods,
                              .totals = totals,
                              .d = d,
                              .leaf = &d->discarded[k],
                              .t = &out->themes[k]};
    rc = profile_themes(jobs, d->ndiscarded, pp->threads, err);
    cn_profile_totals_free(totals);
    cn_profile_mods_free(mods);
    free(jobs);
    if (rc < 0)
        cn_themes_free(out);
    else if (d->nclasses < 2) /* after the themes: the advice says what the largest gives */
        explain(p, pp, dp, double_method, d, out, out->why, sizeof out->why);
    return rc;
}

void cn_themes_free(cn_themes *t)
{
    if (!t)
        return;
    for (int k = 0; k < t->n; k++) {
        for (int m = 0; m < t->themes[k].nmodalities; m++)
            free((char *)t->themes[k].modalities[m].name);
        free(t->themes[k].with_it.class_size);
    }
    free(t->themes);
    t->themes = NULL;
    t->n = 0;
}
