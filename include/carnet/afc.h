/* afc.h — the correspondence analysis of a run's classes x forms table (reinert-spec.md
 * E.5) and its files afc_axes.csv, afc_rows.csv, afc_cols.csv. A cn_afc is the caller's
 * (cn_afc_free); functions return 0 or -1 with a message naming the file. */
#ifndef CARNET_AFC_H
#define CARNET_AFC_H

#include <stdbool.h>
#include <stdint.h>

#include "carnet/ca.h"
#include "carnet/error.h"
#include "carnet/pipeline.h"
#include "carnet/profile.h"

/* A row of the table: an active lemma, a supplementary lemma or a modality (CN_ROW_*). */
typedef struct cn_afc_row {
    uint8_t kind;
    uint32_t id;
} cn_afc_row;

/* Rows are the active lemmas, then the supplementary lemmas, then the modalities; ok is
 * false with fewer than 2 classes (there is nothing to contrast), and when a class, its
 * number in empty_class, holds no active form of 3 classified units or more (UINT32_MAX:
 * fewer than 2 such forms in all): nothing else is set then. */
typedef struct cn_afc {
    bool ok;
    uint32_t empty_class;
    cn_afc_row *rows;
    int n, nactive;
    cn_ca_result ca;
} cn_afc;

int cn_afc_compute(const cn_prepared *p, const cn_profiles *pr, cn_afc *a, cn_error *err);
void cn_afc_free(cn_afc *a);
/* dir/afc_axes.csv, afc_rows.csv, afc_cols.csv; nothing when !a->ok. */
int cn_afc_write(const char *dir, const cn_prepared *p, const cn_profiles *pr, const cn_afc *a,
                 cn_error *err);

#endif
