/* themes.h — what a classification left out, said aloud: the phase-1 leaves below the
 * minimum class size (cn_dhc.discarded), each with its profile against all other units,
 * and, when a run ends with one class or none, why, in plain words, and what to try.
 * A cn_themes is the caller's (cn_themes_free); its form names are borrowed from the
 * cn_prepared it was computed on, which must outlive it. 0 or -1 with a message. */
#ifndef CARNET_THEMES_H
#define CARNET_THEMES_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "carnet/dhc.h"
#include "carnet/error.h"
#include "carnet/pipeline.h"

#define CN_THEME_FORMS 15     /* profile forms kept per theme */
#define CN_THEME_MODALITIES 5 /* star modalities kept per theme */
#define CN_THEME_SEGMENTS 3   /* typical segments kept per theme */

/* One profile row of a theme: a form (or a star modality), the units of the theme holding
 * it, all units holding it, and its chi2 (theme against the rest, positive). */
typedef struct cn_theme_row {
    const char *name; /* a form: borrowed from the cn_prepared; a modality: owned */
    uint32_t in_theme, total;
    double chi2;
} cn_theme_row;

typedef struct cn_theme {
    int tree;              /* 0: the simple tree; 1 or 2: a tree of a double classification */
    int node;              /* the phase-1 leaf */
    uint32_t unclassified; /* its units in no final class (all of them for tree 0) */
    uint32_t size;         /* its units */
    int min_class;         /* the --min-class that makes it a class of its own: its size */
    /* What that --min-class gives on the same tree (other leaves may be lost or join):
     * with_it.class_size is owned (cn_themes_free); nothing for a double classification. */
    cn_dhc_outcome with_it;
    int nforms; /* active forms by chi2, descending, chi2 > CN_PROFILE_THRESHOLD */
    cn_theme_row forms[CN_THEME_FORMS];
    int nmodalities;
    cn_theme_row modalities[CN_THEME_MODALITIES];
    int nsegments; /* its best segments, by the chi2 of its profile forms they hold */
    uint32_t segments[CN_THEME_SEGMENTS]; /* indexes into the cn_prepared's segs */
} cn_theme;

typedef struct cn_themes {
    int n;
    cn_theme *themes;    /* largest first, as cn_dhc.discarded */
    bool double_method;  /* no leaves are discarded: classes are crossed pairs */
    uint32_t classified; /* units in a class now, to compare with each theme's with_it */
    /* "" when the run has 2 classes or more; else why, and what to try (one paragraph). */
    char why[1600];
} cn_themes;

/* A double classification's leaf is shown when more than this share of it is unclassified. */
#define CN_THEME_UNCLASSIFIED 0.5

/* The themes of d (rows = the units of p's matrix: segments, or texts with pp->unit_texts)
 * and, when d has fewer than 2 classes, the reason, from the thresholds in pp and dp. The
 * themes' profiles are computed on pp->threads threads, with the same results. */
int cn_themes_compute(const cn_prepared *p, const cn_pipeline_params *pp, const cn_dhc_params *dp,
                      bool double_method, const cn_dhc *d, cn_themes *out, cn_error *err);
void cn_themes_free(cn_themes *t);

/* "--min-class 34 would give 8 classes of 38, 34, ...: 373 segments classified instead of
 * 287" for theme k of t, into buf (always terminated). */
void cn_themes_with_it(const cn_themes *t, int k, const char *units, char *buf, size_t size);

#endif
