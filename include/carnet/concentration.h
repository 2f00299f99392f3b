/* concentration.h — participant concentration: for each class of a run, how many
 * participants (a text's *part_, or another speaker variable) give its units, and whether
 * one of them gives more than half (a "theme" that is one person's notebook).
 * A cn_concentration is the caller's (cn_concentration_free); 0 or a negative cn_code. */
#ifndef CARNET_CONCENTRATION_H
#define CARNET_CONCENTRATION_H

#include <stdbool.h>
#include <stdint.h>

#include "carnet/corpus.h"
#include "carnet/error.h"
#include "carnet/intern.h"
#include "carnet/pipeline.h"

/* A class is flagged when its largest participant gives more than this share of it. */
#define CN_CONCENTRATION_OVER 0.5

typedef struct cn_concentration_class {
    uint32_t units;         /* classified units of the class */
    uint32_t participants;  /* distinct participants among them */
    uint32_t unattributed;  /* units whose text names no participant */
    uint32_t largest;       /* id in codes of the participant giving most units, or NONE */
    uint32_t largest_units; /* units that participant gives */
    double largest_share;   /* largest_units / units, 0 to 1 */
    bool over_half;         /* largest_share > CN_CONCENTRATION_OVER */
} cn_concentration_class;

/* A star modality of the kept texts (other than the speaker variable's) or a thematic
 * label whose texts are all one participant's, as *sex_x of a study with one such person: its rows
 * in the profiles and its specificities describe one diary, not a cohort (trial 84). */
#define CN_CONCENTRATION_ALONE_SHOWN 4
typedef struct cn_concentration_alone {
    char modality[CN_CORPUS_VAR_MAX + 64]; /* "*sex_x" */
    uint32_t code;                         /* its participant, an id of codes */
} cn_concentration_alone;

typedef struct cn_concentration {
    char var[CN_CORPUS_VAR_MAX]; /* the speaker variable: "part" */
    bool available;    /* false: no text kept has a *var_ star, and nothing below is set */
    cn_intern *codes;  /* the participants' codes, in order of first text */
    uint32_t nclasses; /* classes[k - 1] for class k */
    cn_concentration_class *classes;
    /* the modalities of one participant, the first CN_CONCENTRATION_ALONE_SHOWN in corpus
     * order, and how many in all; none when the texts name a single participant */
    cn_concentration_alone alone[CN_CONCENTRATION_ALONE_SHOWN];
    uint32_t nalone;
} cn_concentration;

/* Refuses a speaker variable that no kept text of p has (CN_ENOTFOUND, listing the texts'
 * variables) or that is not a variable name (CN_EINVALID): for --speaker, which was asked. */
int cn_concentration_check(const cn_prepared *p, const char *var, cn_error *err);

/* The concentration of the classes of a run: unit_class[u] (0 = unclassified) for each
 * unit of p->matrix (segments, or texts when unit_texts), var the speaker variable. When no
 * kept text has a *var_ star, out->available is false (and out->var still names var). */
int cn_concentration_compute(const cn_prepared *p, bool unit_texts, const uint32_t *unit_class,
                             uint32_t nclasses, const char *var, cn_concentration *out,
                             cn_error *err);

/* The counting itself: c->codes and c->nclasses set, unit_speaker[u] a code id (or
 * CN_INTERN_NONE) and unit_class[u] a class (0 = unclassified) for nunits units. Fills
 * c->classes and sets c->available. */
int cn_concentration_tally(cn_concentration *c, const uint32_t *unit_speaker,
                           const uint32_t *unit_class, uint32_t nunits, cn_error *err);

/* classes.json: at the top, "participants" with the variable, whether the texts name
 * participants and the flagged classes; in class k's object, its "participants". Nothing
 * when c is NULL (a classification of a matrix has no texts). */
struct cJSON;
void cn_concentration_json(struct cJSON *root, const cn_concentration *c);
void cn_concentration_json_class(struct cJSON *cls, const cn_concentration *c, uint32_t k);

/* The code of class k's largest participant, or "" when it has none. */
const char *cn_concentration_largest(const cn_concentration *c, uint32_t k);

void cn_concentration_free(cn_concentration *c);

#endif
