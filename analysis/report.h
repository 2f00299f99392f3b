/* report.h — what the report's writer and its figure makers share: one run's results and
 * the options of its pictures. Not a public header; nothing here owns what it points to. */
#ifndef CARNET_REPORT_H
#define CARNET_REPORT_H

#include <stdbool.h>

#include "analyse.h"
#include "carnet/figure.h"

#define REPORT_MAX_CLASSES 256

typedef struct report {
    const char *dir;
    const cn_prepared *p;
    const cn_dhc *d;
    const cn_profiles *pr;
    const run_afc *afc;
    const cn_simi *simi;      /* the similitude tree, computed once for its files and the figure */
    const run_specif *specif; /* specificities by variable, computed once */
    const run_stats *st;
    const char *units;    /* "segments" or "texts" */
    const char *time_var; /* variable read as diary time ("month"), or NULL */
    bool grey, pdf;
    char *labels[REPORT_MAX_CLASSES + 1]; /* --labels: labels[k] names class k, or NULL */
    int32_t *best_class; /* lemma -> class where its chi2 is highest and positive, or 0 */
    double *best_chi2;
} report;

/* "Class k", or its --labels name, into buf. */
const char *report_class_name(const report *r, uint32_t k, char *buf, size_t size);

/* Each figure is written as dir/NAME.svg and .png (and .pdf) and returned for inlining;
 * NULL with err set on failure, NULL with err empty when there is nothing to draw. */
cn_figure *report_dendrogram(report *r, cn_error *err);
cn_figure *report_tree(report *r, cn_error *err);
cn_figure *report_afc_plane(report *r, cn_error *err);
cn_figure *report_cloud(report *r, uint32_t k, cn_error *err);
cn_figure *report_zipf(report *r, cn_error *err);
cn_figure *report_sizes(report *r, cn_error *err);
cn_figure *report_time(report *r, cn_error *err);
cn_figure *report_simi(report *r, cn_error *err);

/* The modalities of the time variable, sorted ("*month_01" ...); returns how many. */
size_t report_time_modalities(const report *r, const char **out, size_t max);

/* The most specific forms of each modality of a variable, for its chart. */
#define SPECIF_MODS 12
#define SPECIF_FORMS 5
/* Chart of one variable: its modalities (at most SPECIF_MODS), each with its
 * SPECIF_FORMS most specific forms scoring 2 or more. */
cn_figure *report_specif_chart(report *r, const specif_var *v, cn_error *err);

/* OUT/report.html, self-contained. */
int report_write(report *r, cn_error *err);

/* OUT/by_VAR.html: the cohorts of a --by run side by side, a column each. */
int report_write_comparison(const char *dir, const char *var, const cohort_table *t, cn_error *err);

#endif
