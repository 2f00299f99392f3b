/* jobs.c — independent tasks on a few threads (see jobs.h). Every task runs even after
 * another failed: which error is reported then depends on the tasks alone, not on which
 * thread got there first. */
#include "carnet/jobs.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdlib.h>

typedef struct pool {
    const cn_job *jobs;
    size_t n;
    int *rc;        /* per job */
    cn_error *errs; /* per job */
    atomic_size_t next;
} pool;

static void *work(void *arg)
{
    pool *p = arg;
    for (size_t i; (i = atomic_fetch_add(&p->next, 1)) < p->n;)
        p->rc[i] = p->jobs[i].run(p->jobs[i].ctx, &p->errs[i]);
    return NULL;
}

/* The jobs one at a time, by precedence, up to the first failure. */
static int run_serially(const cn_job *jobs, size_t n, cn_error *err)
{
    bool *done = calloc(n + 1, sizeof *done);
    if (!done)
        return cn_error_nomem(err);
    int rc = 0;
    for (size_t step = 0; step < n && rc == 0; step++) {
        size_t best = n;
        for (size_t i = 0; i < n; i++)
            if (!done[i] && (best == n || jobs[i].precedence < jobs[best].precedence))
                best = i;
        done[best] = true;
        rc = jobs[best].run(jobs[best].ctx, err);
    }
    free(done);
    return rc;
}

int cn_jobs_run(const cn_job *jobs, size_t n, int threads, cn_error *err)
{
    if (threads <= 1 || n <= 1)
        return run_serially(jobs, n, err);
    pool p = {jobs, n, calloc(n, sizeof *p.rc), calloc(n, sizeof *p.errs), 0};
    if (!p.rc || !p.errs) {
        free(p.rc);
        free(p.errs);
        return run_serially(jobs, n, err); /* short of memory: no threads either */
    }
    int extra = threads - 1 < (int)n - 1 ? threads - 1 : (int)n - 1;
    if (extra > CN_JOBS_MAX_THREADS)
        extra = CN_JOBS_MAX_THREADS;
    pthread_t th[CN_JOBS_MAX_THREADS];
    bool started[CN_JOBS_MAX_THREADS] = {false};
    for (int i = 0; i < extra; i++) /* one that cannot start leaves its share to the others */
        started[i] = pthread_create(&th[i], NULL, work, &p) == 0;
    work(&p);
    for (int i = 0; i < extra; i++)
        if (started[i])
            pthread_join(th[i], NULL);
    size_t failed = n;
    for (size_t i = 0; i < n; i++)
        if (p.rc[i] < 0 && (failed == n || jobs[i].precedence < jobs[failed].precedence))
            failed = i;
    int rc = 0;
    if (failed < n) {
        *err = p.errs[failed];
        rc = p.rc[failed];
    }
    free(p.rc);
    free(p.errs);
    return rc;
}
