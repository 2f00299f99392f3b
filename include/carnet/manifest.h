/* manifest.h — OUT/manifest.json, the record of a run: the program, its arguments, the
 * libraries' versions, the input corpus (path, size, SHA-256), every parameter and the time of each
 * stage; written and read here side by side, so what `run` writes is what `kwic` reads back. A run
 * folder may come from someone else: the reader refuses what the writer could not have written
 * (wrong types, absurd values, a file over CN_MANIFEST_MAX_BYTES). A cn_manifest read
 * from a file owns its strings (cn_manifest_free); functions return 0 or -1 with a message
 * naming the file and the field. */
#ifndef CARNET_MANIFEST_H
#define CARNET_MANIFEST_H

#include <stdbool.h>
#include <stddef.h>

#include "carnet/error.h"
#include "carnet/pipeline.h"
#include "carnet/sha256.h"
#include "carnet/textstats.h"

#define CN_MANIFEST_MAX_BYTES (1024 * 1024)

/* One --where condition: a variable and the modalities any of which a text must have. */
typedef struct cn_manifest_where {
    char *variable;
    char **modalities;
    size_t nmodalities;
} cn_manifest_where;

/* One library the program was built with (versions.h): its version as built against, where
 * that came from, and as running ("" when the library cannot say). */
typedef struct cn_manifest_library {
    char *name, *built, *built_from, *running;
} cn_manifest_library;

/* Stages timed, in the order of timings_ms: text_pipeline, classification, profiles,
 * writing. */
enum { CN_MANIFEST_STAGES = 4 };

typedef struct cn_manifest {
    char *program, *version;
    char **arguments;
    size_t narguments;
    /* none in a manifest written before they were recorded */
    cn_manifest_library *libraries;
    size_t nlibraries;
    char *input_path;
    long long input_bytes;
    char input_sha256[CN_SHA256_HEX]; /* 64 lower-case hex digits (cn_sha256_file) */
    /* parameters */
    bool unit_texts;
    bool fold_accents; /* false in a manifest written before the option existed */
    size_t segment_size;
    cn_charset charset;
    char *lang; /* --lang: the language of the texts without a *lang_ star */
    /* Written, not read: the languages the texts were read in (a star's, else --lang), each
     * with its texts, so that a manifest says Portuguese where --lang's default was French
     * and every text had its star. Codes may repeat (a star and --lang): they are summed. */
    const cn_textstats_lang *languages;
    size_t nlanguages;
    char *stopwords, *lexicon, *expressions; /* "" when not given */
    /* Their SHA-256 (cn_sha256_file), so that kwic reads them as the run did: "" when the
     * file was not given, or the run (an older version) did not record it. */
    char stopwords_sha256[CN_SHA256_HEX], lexicon_sha256[CN_SHA256_HEX],
        expressions_sha256[CN_SHA256_HEX];
    int min_freq, max_actives;
    bool double_method;
    unsigned rst1, rst2; /* only with double_method */
    /* Only with double_method: the sign draws (0 = none; also what a manifest written
     * before they existed reads as) and the pair order, a cn_pair_order (dhc.h; IRAMUTEQ's
     * in a manifest written before it was recorded). */
    int sign_draws;
    int pair_order;
    int classes, min_class, min_split;
    bool reassignment;
    int stability;                     /* --stability draws; 0 = not assessed */
    unsigned long long stability_seed; /* only with stability; at most 2^53 */
    cn_manifest_where *where;
    size_t nwhere;
    double timings_ms[CN_MANIFEST_STAGES];
    /* Written, not read (kwic needs none of them): what else the command said or the run
     * used, so that a manifest alone redoes every file of its folder (with the commit
     * built, cn_versions_commit, and the profiles' threshold, CN_PROFILE_THRESHOLD, which
     * the writer adds). NULL strings and labels: not given. */
    const char *speaker, *time; /* --speaker, --time: the variables the report reads */
    /* a run of --by: the variable, and the cohort's folder (NULL: the whole corpus's, all) */
    const char *by, *cohort;
    const char *const *labels; /* --labels: labels[k] names class k, or is NULL */
    size_t nlabels;            /* entries of labels */
    const char *labels_file;   /* the --labels file as resolved, and its SHA-256 */
    char labels_sha256[CN_SHA256_HEX];
    bool dtm, grey, pdf; /* --dtm, --grey, --pdf */
    int threads;         /* --threads: the outputs are the same on any number */
} cn_manifest;

/* The absolute, resolved path of an existing file (malloc'd), for input_path and the
 * parameter files, which kwic may read from another folder; NULL when path is NULL or
 * empty or cannot be resolved. */
char *cn_manifest_absolute(const char *path);

/* dir/manifest.json from m (nothing of m is taken over). */
int cn_manifest_write(const char *dir, const cn_manifest *m, cn_error *err);

/* path (a manifest.json) into *m, zeroed first; on failure *m holds nothing to free. */
int cn_manifest_read(const char *path, cn_manifest *m, cn_error *err);
void cn_manifest_free(cn_manifest *m);

/* The text pipeline's parameters of the run, for preparing its corpus again: the strings
 * of *pp point into m, which must outlive them. */
int cn_manifest_pipeline_params(const cn_manifest *m, cn_pipeline_params *pp, cn_error *err);

#endif
