/* run_write.h — what run.c and its writing stage (run_write.c) share. Not a public
 * header: the library's interface is run.h. */
#ifndef CARNET_RUN_WRITE_H
#define CARNET_RUN_WRITE_H

#include <stdbool.h>

#include "carnet/error.h"
#include "carnet/sha256.h"
#include "carnet/run.h"

/* The monotonic clock in milliseconds, for the run's timings. */
double run_now_ms(void);

/* "texts" or "segments": what the run classified. */
const char *run_units_of(const cn_run_result *run);
/* "text" or "segment": one of them. */
const char *run_unit_of(const cn_run_result *run);

/* The SHA-256 of the files the run read, for its manifest: "" for a parameter file not
 * given. */
typedef struct run_hashes {
    long long input_bytes;
    char input[CN_SHA256_HEX], stopwords[CN_SHA256_HEX], lexicon[CN_SHA256_HEX],
        expressions[CN_SHA256_HEX], labels[CN_SHA256_HEX];
} run_hashes;

/* The parts of the writing stage, in the order in which a failure is reported when
 * several fail (as writing them one after the other would). */
typedef enum run_write_part {
    WRITE_SEGMENTS,
    WRITE_TABLES_BEFORE, /* profiles, modalities, typical segments, CA */
    WRITE_SPECIFICITIES,
    WRITE_TABLES_AFTER, /* similitude, classes.json, corpus statistics, frequencies */
    WRITE_DTM,
    WRITE_REPORT,
    WRITE_HASHES,
    WRITE_PARTS /* none */
} run_write_part;

/* A part's bit, for sets of parts. */
#define RUN_WRITE_BIT(part) (1u << (part))

/* Parts written apart from the writing stage, on another thread (run.c): the
 * specificities_VAR.csv and the input files' hashes as soon as the specificities are
 * computed, or segments.csv once the classes are; rc 0, or negative with err and the first
 * part that failed (in run_write_part's order). */
typedef struct run_early {
    run_hashes hashes;
    int rc;
    run_write_part failed;
    cn_error err;
} run_early;
/* Writes the parts of the set into dir one after the other, up to the first that fails,
 * into e (e->failed WRITE_PARTS: none failed). e->rc. */
int run_write_parts(const cn_run_result *run, const char *dir, unsigned parts, run_early *e);
/* Of two such records, the one whose failure comes first (in the order of the parts). */
const run_early *run_early_first(const run_early *a, const run_early *b);

/* The files of the writing stage on the run's threads into dir (the run's temporary
 * folder): the tables, the report and the input files' hashes into *hashes, less the
 * parts in the set skip (written by run_write_parts). 0, or a negative code with *failed
 * the first part (in run_write_part's order) that failed. */
int run_write_files(const cn_run_result *run, const char *dir, unsigned skip, run_hashes *hashes,
                    run_write_part *failed, cn_error *err);
/* manifest.json, t0 being run_now_ms() when the writing began (its timings). 0 or -1. */
int run_write_manifest(const cn_run_result *run, const char *dir, double t0,
                       const run_hashes *hashes, cn_error *err);

/* The writing stage of cn_run_write: run_write_files, all of them, then the manifest. */
int run_write_stage(const cn_run_result *run, const char *dir, double t0, cn_error *err);

#endif
