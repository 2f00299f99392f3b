/* cohorts.h — the classes of each cohort of a --by run, side by side: one row per class of
 * a cohort that was classified, one row with the reason for a cohort that was not, and
 * the table by_VAR.csv. A cn_cohorts is the caller's (cn_cohorts_free); 0 or -1. */
#ifndef CARNET_COHORTS_H
#define CARNET_COHORTS_H

#include <stddef.h>
#include <stdint.h>

#include "carnet/error.h"
#include "carnet/pipeline.h"
#include "carnet/profile.h"

/* One class of one cohort; class 0 stands for a cohort that could not be classified,
 * and error then says why. */
typedef struct cn_cohorts_row {
    char *cohort; /* "care_lt1", malloc'd */
    uint32_t cls, size;
    double percent;
    char forms[512]; /* top profile forms, space-separated, as many as fit */
    char *segment;   /* its best typical segment, malloc'd, or NULL */
    char *error;     /* why the cohort was not classified, malloc'd, or NULL */
} cn_cohorts_row;

typedef struct cn_cohorts {
    cn_cohorts_row *rows; /* in the order added: a cohort's rows are consecutive */
    size_t n, cap;
} cn_cohorts;

/* One row per class of a classified cohort: its size, top profile forms, best segment. */
int cn_cohorts_add_classes(cn_cohorts *t, const char *cohort, const cn_prepared *p,
                           const cn_profiles *pr, cn_error *err);
/* One row (class 0) for a cohort that failed, with its reason. */
int cn_cohorts_add_failure(cn_cohorts *t, const char *cohort, const char *reason, cn_error *err);
/* path (by_VAR.csv): cohort,class,size,percent,top_forms,typical_segment,error. */
int cn_cohorts_write_csv(const cn_cohorts *t, const char *path, cn_error *err);
void cn_cohorts_free(cn_cohorts *t);

#endif
