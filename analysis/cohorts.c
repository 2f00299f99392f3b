/* cohorts.c — the classes of each cohort of a --by run, and by_VAR.csv (see cohorts.h). */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

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
}

void cn_cohorts_free(cn_cohorts *t)
{
    for (size_t i = 0; i < t->n; i++)
        free_row(&t->rows[i]);
    free(t->rows);
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

int cn_cohorts_add_classes(cn_cohorts *t, const char *cohort, const cn_prepared *p,
                           const cn_profiles *pr, cn_error *err)
{
    for (uint32_t k = 1; k <= pr->nclasses; k++) {
        cn_cohorts_row c = {.cls = k, .size = pr->class_units[k - 1]};
        c.percent = pr->classified ? 100.0 * pr->class_units[k - 1] / pr->classified : 0;
        top_forms(&c, p, pr, k);
        c.segment = best_segment(p, pr, k);
        if (!(c.cohort = strdup(cohort)) || add_row(t, &c, err) < 0) {
            free_row(&c);
            return cn_error_nomem(err);
        }
    }
    return 0;
}

int cn_cohorts_add_failure(cn_cohorts *t, const char *cohort, const char *reason, cn_error *err)
{
    cn_cohorts_row c = {.cls = 0};
    c.cohort = strdup(cohort);
    c.error = strdup(reason);
    if (!c.cohort || !c.error || add_row(t, &c, err) < 0) {
        free_row(&c);
        return cn_error_nomem(err);
    }
    return 0;
}

int cn_cohorts_write_csv(const cn_cohorts *t, const char *path, cn_error *err)
{
    FILE *f = cn_out_open(path, err);
    if (!f)
        return CN_EIO;
    fputs("cohort,class,size,percent,top_forms,typical_segment,error\n", f);
    for (size_t i = 0; i < t->n; i++) {
        const cn_cohorts_row *c = &t->rows[i];
        cn_csv_text(f, c->cohort);
        fprintf(f, ",%u,%u,%.2f,", c->cls, c->size, c->percent);
        cn_csv_text(f, c->forms);
        fputc(',', f);
        cn_csv_text(f, c->segment ? c->segment : "");
        fputc(',', f);
        cn_csv_text(f, c->error ? c->error : "");
        fputc('\n', f);
    }
    int bad = ferror(f);
    if (fclose(f) != 0 || bad)
        return cn_error_set(err, "%s: write error", path);
    return 0;
}
