/* cohorts.h — the classes of each cohort of a --by run, side by side: one row per class of
 * a cohort that was classified (with the whole-corpus class holding most of its units, and
 * its participant concentration), one row with the reason for a cohort that was not, and
 * the table by_VAR.csv; the cohorts' reading order. A cn_cohorts is the caller's
 * (cn_cohorts_free); functions return 0 or a negative cn_code with a message. */
#ifndef CARNET_COHORTS_H
#define CARNET_COHORTS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "carnet/concentration.h"
#include "carnet/error.h"
#include "carnet/pipeline.h"
#include "carnet/profile.h"
#include "carnet/where.h"

/* One class of one cohort (or of the whole corpus); class 0 stands for a cohort that
 * could not be classified, and error then says why. */
typedef struct cn_cohorts_row {
    char *cohort; /* "care_lt1", malloc'd */
    uint32_t cls, size;
    double percent;
    char forms[512]; /* top profile forms, space-separated, as many as fit */
    char *segment;   /* its best typical segment, malloc'd, or NULL */
    char *error;     /* why the cohort was not classified, malloc'd, or NULL */
    char *label;     /* its name in the run's --labels file, malloc'd, or NULL */
    /* The cohort's units (segments or texts) and how many were classified. */
    uint32_t units, classified;
    bool kept; /* not classified, yet its run and folder were made (fewer than 2 classes) */
    /* Participant concentration (concentration.h); has_speaker false when the texts name
     * no participant. largest is malloc'd (or NULL). */
    bool has_speaker;
    uint32_t participants;
    char *largest;
    double largest_share;
    bool over_half;
    /* The whole-corpus class holding most of this class's units (0: none of them was
     * classified there), the share of the class's units it holds, and the share left
     * unclassified in the whole corpus (0 to 1); matched false: not compared. */
    bool matched;
    uint32_t all_class;
    double all_share, all_unclassified;
} cn_cohorts_row;

/* Room for a modality named in a note: any a cohort may have (trial 96: two sites'
 * 97-byte modalities cut at 63 bytes read as twins, and the note said to merge them). */
#define CN_COHORTS_MODALITY_MAX CN_WHERE_TEXT

typedef struct cn_cohorts {
    cn_cohorts_row *rows; /* in the order added: a cohort's rows are consecutive */
    size_t n, cap;
    /* The classes of the whole-corpus run the cohorts are compared with (cohort "all"). */
    cn_cohorts_row *all;
    size_t nall, capall;
    bool unit_texts;           /* the units are texts, not segments */
    char *all_error;           /* why the whole corpus could not be classified, malloc'd, or NULL */
    uint32_t mixed_languages;  /* cohorts whose texts are in several languages (run.c) */
    uint32_t unstarred;        /* texts kept by --where without the variable: in no cohort */
    uint32_t cohorts, starred; /* the variable's modalities, and the texts in one of them */
    /* two modalities that differ only by case, or (twins_by_zeros) by the zeros before a
     * number ("01", "1"), of a group of twins_in_group; twin_groups such groups in all. A
     * group with a case pair is the one shown: its cohorts share a folder where file names
     * ignore case (trial 85: the zeros pair was shown and the case pair unsaid). */
    char case_twins[2][CN_COHORTS_MODALITY_MAX];
    bool twins_by_zeros, twins_mixed; /* mixed: the group differs in both ways */
    uint32_t twins_in_group, twin_groups;
} cn_cohorts;

/* What the table reads of one run (whole corpus or cohort); nothing is owned. */
typedef struct cn_cohorts_run {
    const cn_prepared *p;
    const cn_profiles *pr;
    const uint32_t *unit_class;   /* the final class of each unit (0 = unclassified) */
    bool unit_texts;              /* units are texts, not segments */
    const cn_concentration *conc; /* or NULL */
    /* --labels' names of the run's classes: labels[k] names class k (or is NULL) for k up
     * to nlabels; NULL when the run has none */
    char *const *labels;
    uint32_t nlabels;
} cn_cohorts_run;

/* The whole-corpus run's classes, which the cohorts' classes are matched against. */
int cn_cohorts_set_whole(cn_cohorts *t, const cn_cohorts_run *all, cn_error *err);

/* Records that the whole corpus could not be classified, and why: the cohorts' classes
 * are then added unmatched. */
int cn_cohorts_set_whole_failure(cn_cohorts *t, const char *reason, cn_error *err);

/* One row per class of a classified cohort: its size, top profile forms, best segment,
 * participants, and the whole-corpus class where most of its units are (all, whose texts
 * must include the cohort's; when NULL, none); a run without any class gets one row
 * (class 0) saying so. Fails (the table unchanged) when a text's segments differ between
 * the two runs. */
int cn_cohorts_add_classes(cn_cohorts *t, const char *cohort, const cn_cohorts_run *run,
                           const cn_cohorts_run *all, cn_error *err);
/* One row (class 0) for a cohort that failed, with its reason. */
int cn_cohorts_add_failure(cn_cohorts *t, const char *cohort, const char *reason, cn_error *err);
/* The same for a cohort whose run ended with fewer than 2 classes: its folder was written,
 * and the row keeps its units and how many its one class (or none) held. */
int cn_cohorts_add_unclassified(cn_cohorts *t, const char *cohort, const char *reason,
                                uint32_t units, uint32_t classified, cn_error *err);
/* path (by_VAR.csv): cohort,class,size,percent,top_forms,typical_segment,error, then
 * units,classified,classified_percent,participants,largest_participant,largest_percent,
 * over_half,all_class,all_percent,all_unclassified_percent,all_forms. */
int cn_cohorts_write_csv(const cn_cohorts *t, const char *path, cn_error *err);
/* More than this many cohorts, of few texts each, is a variable of too fine a grain (a
 * date, a participant of a large study): each cohort is a run of its own, most too small
 * to classify. */
#define CN_COHORTS_MANY 50
/* The sentence that says so, into buf, without markup; false (buf "") when the cohorts are
 * not that many. Said on stderr and at the top of by_VAR.html alike. */
bool cn_cohorts_many_note(const cn_cohorts *t, const char *var, char *buf, size_t size);
/* The sentence on the twin modalities of t (var's), on stderr and in by_VAR.html alike;
 * false and "" when there are none. */
bool cn_cohorts_twins_note(const cn_cohorts *t, const char *var, char *buf, size_t size);
void cn_cohorts_free(cn_cohorts *t);

/* For each unit of part, the unit of whole holding the same segment (text, and rank of
 * the segment within the text) or the same text (unit_texts): *map (malloc'd, the
 * caller's) has one entry per unit of part. part's texts must be among whole's, cut into
 * the same segments: otherwise CN_EINVALID naming the first text that differs. */
int cn_cohorts_match_units(const cn_prepared *whole, const cn_prepared *part, bool unit_texts,
                           uint32_t **map, cn_error *err);

/* Puts n modalities, given in order of first appearance in the corpus, in reading order:
 * first those carrying a number, by that number ("2" before "10"; "lt1" before "1to3"
 * before "gt3": a lt/under/below/less just before the number puts the modality before
 * others with that number, a gt/over/above/more before it or a p/plus after it puts it
 * after), then those without any number; ties keep their order of appearance. Never
 * alphabetical. In place. 0, or CN_ENOMEM. */
int cn_cohorts_natural_order(char **mods, size_t n, cn_error *err);

#endif
