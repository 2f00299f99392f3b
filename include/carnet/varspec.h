/* varspec.h — specificities by star variable (reinert-spec.md E.8): for each variable of
 * the texts analysed, Lafon's score of every active lemma in every modality, and the files
 * specificities_VAR.csv. A cn_varspec is the caller's (cn_varspec_free); 0 or -1. */
#ifndef CARNET_VARSPEC_H
#define CARNET_VARSPEC_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "carnet/error.h"
#include "carnet/pipeline.h"

#define CN_VARSPEC_MAX_THREADS 64

/* 16 bytes: a run by 560 participants has 9.8 M of them. The modality is the row's place
 * (cn_varspec_var.per_modality). */
typedef struct cn_varspec_row {
    uint32_t lemma;
    uint32_t f;  /* occurrences of the lemma in the modality's texts (32-bit, as the counts
                    they add up: a lemma in a modality cannot pass 4 G occurrences before
                    the corpus passes 32 GB) */
    double spec; /* Lafon's score, 4 decimals; +-INFINITY beyond a double's reach */
} cn_varspec_row;

/* One variable: its modalities (sorted) and one row per active lemma and modality, by
 * modality then score descending: modality m's per_modality rows at rows[m * per_modality]. */
typedef struct cn_varspec_var {
    char var[48];
    /* Texts holding two modalities of var (*site_lyon *site_paris), and the first of them
     * (its index among the texts analysed): var's modalities do not split the corpus,
     * which Lafon's model needs, so var has no modality and no row, and no file is
     * written for it; cn_varspec_why_left_out says so. */
    uint32_t mixed, first_mixed;
    /* Every text analysed that has var has the same modality (a --where or a cohort of
     * --by on var, or a star some texts alone carry): scored against itself, each form
     * would get 0, which reads as "nothing specific". No row and no file; the report says
     * so under the specificities. */
    bool one_modality;
    const char **mods; /* "*var_mod" tokens, pointing into the corpus */
    uint32_t nmods;
    cn_varspec_row *rows;
    size_t nrows; /* nmods * per_modality */
    uint32_t per_modality;
    uint64_t *form_total; /* per lemma */
    uint64_t *mod_total;  /* per modality */
} cn_varspec_var;

typedef struct cn_varspec {
    cn_varspec_var *vars; /* sorted by name */
    size_t nvars;
} cn_varspec;

/* Scored on up to `threads` threads (at most CN_VARSPEC_MAX_THREADS): the same rows
 * whatever their number. */
int cn_varspec_compute(const cn_prepared *p, int threads, cn_varspec *out, cn_error *err);

/* A computation other threads can join: a run computes the specificities on a thread of
 * their own while it classifies, and the thread that then needs them scores beside it
 * (cn_varspec_help) instead of waiting. The caller owns the share: init before the
 * computation starts, destroy once it is over and every helper has returned. */
typedef struct cn_varspec_share cn_varspec_share;
cn_varspec_share *cn_varspec_share_new(void); /* NULL without memory */
void cn_varspec_share_free(cn_varspec_share *share);
/* cn_varspec_compute, publishing each variable's scoring in share for helpers. */
int cn_varspec_compute_shared(const cn_prepared *p, int threads, cn_varspec_share *share,
                              cn_varspec *out, cn_error *err);
/* Scores modalities of the computation sharing share, as they come, until it is over
 * (its outcome is the computation's own). The rows are the same whoever scored them. */
void cn_varspec_help(cn_varspec_share *share);
void cn_varspec_free(cn_varspec *s);
/* Sorts one modality's rows, given in ascending lemma order, as the tables read them: by
 * score descending (-0.0 and 0.0 equal), then lemma. What compute does to each modality. */
int cn_varspec_sort(cn_varspec_row *rows, size_t n, cn_error *err);
/* Why variable v was left out (see cn_varspec_var.mixed), one sentence naming path, the
 * line of its first mixed text and its two stars, into buf; false (buf "") when it was not. */
bool cn_varspec_why_left_out(const cn_varspec_var *v, const cn_prepared *p, const char *path,
                             char *buf, size_t size);
/* Two variables whose names differ only by case (*site_ and *Site_), one sentence into buf
 * naming them and their files, which a disk that ignores case (macOS's, Windows') holds as
 * one; false (buf "") when there are none. */
bool cn_varspec_case_twins(const cn_varspec *s, char *buf, size_t size);
/* dir/specificities_VAR.csv for every variable not left out. */
int cn_varspec_write(const char *dir, const cn_prepared *p, const cn_varspec *s, cn_error *err);

#endif
