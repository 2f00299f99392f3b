/* report.h — the report of a run: report.html, one self-contained page (inline CSS and
 * SVG), with its figures as SVG and PNG (and PDF) files beside it; and by_VAR.html, the
 * cohorts of a --by run side by side. The only module that draws (cairo). Nothing here
 * owns what it points to; writers return 0 or -1 with a message naming the file. */
#ifndef CARNET_REPORT_H
#define CARNET_REPORT_H

#include <stdbool.h>

#include "carnet/afc.h"
#include "carnet/cohorts.h"
#include "carnet/concentration.h"
#include "carnet/dhc.h"
#include "carnet/error.h"
#include "carnet/expressions.h"
#include "carnet/pipeline.h"
#include "carnet/profile.h"
#include "carnet/simi.h"
#include "carnet/stability.h"
#include "carnet/textstats.h"
#include "carnet/themes.h"
#include "carnet/varspec.h"

/* Classes the report can name (--labels) and draw in its dendrograms. */
#define CN_REPORT_MAX_CLASSES 256

/* One run's results, computed elsewhere, and the options of its pictures. */
typedef struct cn_report {
    const char *dir;    /* where report.html and the figures go (it exists) */
    const char *corpus; /* the corpus file read, as its messages name it */
    const cn_prepared *p;
    const cn_dhc *d;
    const cn_profiles *pr;
    const cn_afc *afc;
    const cn_simi *simi;      /* the similitude tree */
    const cn_varspec *specif; /* specificities by variable */
    const cn_textstats *st;
    const char *units;    /* "segments" or "texts" */
    const char *time_var; /* variable read as diary time ("month"), or NULL */
    const char *speaker;  /* --speaker: the participant's variable (NULL: "part") */
    bool grey, pdf;       /* figures in greys; also as PDF */
    /* The leaves below the minimum class size and why so few classes, or NULL. */
    const cn_themes *themes;
    /* NULL, or CN_REPORT_MAX_CLASSES + 1 entries: labels[k] names class k, or is NULL. */
    char *const *labels;
    const cn_stability *stability; /* --stability's, or NULL when it was not assessed */
    const cn_concentration *conc;  /* participants of each class, or NULL */
    /* What was run, for the page's "Run" table (NULL pipeline: no table): the options of
     * the text path and of the classification, and, for a cohort of a --by run, its name
     * ("care_lt1") and the variable (NULL otherwise). */
    const cn_pipeline_params *pipeline;
    const cn_dhc_params *dhc;
    bool double_method;
    unsigned rst1, rst2;
    const cn_dhc_double_params *dhc_double; /* the double's pair order and sign draws */
    const char *cohort, *by;
    /* For the "Run" table: libstemmer's version (run_versions.h), or NULL when unknown. */
    const char *stemmer_version;
} cn_report;

/* dir/report.html and its figures. A figure that fails is left out of the page, which is
 * still written; the call then returns -1 with that figure's message. */
int cn_report_write(const cn_report *r, cn_error *err);

/* dir/by_VAR.html: the cohorts of a --by run, in the table's order: their classified
 * shares, the whole-corpus classes (dir/all) followed across cohorts, and the cohorts side
 * by side, a column each, with each class's participants; a cohort that was not
 * classified shows its reason. */
int cn_report_write_comparison(const char *dir, const char *var, const cn_cohorts *t,
                               cn_error *err);

#endif
