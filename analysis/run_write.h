/* run_write.h — what run.c and its writing stage (run_write.c) share. Not a public
 * header: the library's interface is run.h. */
#ifndef CARNET_RUN_WRITE_H
#define CARNET_RUN_WRITE_H

#include "carnet/error.h"
#include "carnet/run.h"

/* The monotonic clock in milliseconds, for the run's timings. */
double run_now_ms(void);

/* "texts" or "segments": what the run classified. */
const char *run_units_of(const cn_run_result *run);

/* The writing stage of cn_run_write: the tables, the report and the input files' hashes
 * on the run's threads, then the manifest, into dir (the run's temporary folder); t0 is
 * run_now_ms() when the writing began, for the manifest's timings. 0 or -1. */
int run_write_stage(const cn_run_result *run, const char *dir, double t0, cn_error *err);

#endif
