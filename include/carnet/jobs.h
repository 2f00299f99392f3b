/* jobs.h — independent tasks (the files of a run, say) run on a few threads, with the
 * outcome of running them one after the other: the same work done, and the error of the
 * first task in precedence order that failed. The caller owns the tasks and their contexts;
 * cn_jobs_run returns 0 or that task's code, its message in the caller's cn_error. */
#ifndef CARNET_JOBS_H
#define CARNET_JOBS_H

#include <stddef.h>

#include "carnet/error.h"

#define CN_JOBS_MAX_THREADS 64

/* A task: 0, or a negative code with its message in err (its own, never shared). */
typedef int cn_job_fn(void *ctx, cn_error *err);

typedef struct cn_job {
    cn_job_fn *run;
    void *ctx;
    int precedence; /* whose error is reported when several fail: the lowest */
} cn_job;

/* Runs every job on up to `threads` threads (this one among them), starting them in the
 * order of the array (put the longest first). When several fail, the error reported is the
 * one of the lowest precedence, whatever the timing. With threads <= 1 they run one at a
 * time in precedence order and stop at the first failure, as a plain sequence would. */
int cn_jobs_run(const cn_job *jobs, size_t n, int threads, cn_error *err);

#endif
