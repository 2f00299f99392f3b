/* tables.h — the table files of a classification and of a run: rows.csv and classes.json
 * (any classification), segments, profiles (long and IRAMUTEQ block layout), modalities,
 * typical segments, frequencies, the document-term matrix. Every file is written in a
 * fixed order from sorted data: the same input gives the same bytes. Writers return 0 or
 * -1 with a message naming the file; nothing they return is owned by the caller. */
#ifndef CARNET_TABLES_H
#define CARNET_TABLES_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "carnet/concentration.h"
#include "carnet/dhc.h"
#include "carnet/error.h"
#include "carnet/expressions.h"
#include "carnet/pipeline.h"
#include "carnet/profile.h"
#include "carnet/themes.h"
#include "carnet/stability.h"

/* Creates dir (and no parents) unless it exists as a folder. */
int cn_tables_make_dir(const char *dir, cn_error *err);

/* dir/rows.csv: row,class (1-based rows; class 0 = unclassified). */
int cn_tables_write_rows(const char *dir, const cn_dhc *d, cn_error *err);
/* dir/classes.json: classes with sizes and shares, the splits with their chi2, the summary
 * line, the leaves below the minimum class size. unit_name names the units ("rows",
 * "segments"); NULL = "rows". labels[k], when labels and it are not NULL, names class k
 * (--labels). themes, when not NULL, gives those leaves' profiles and why a run has fewer
 * than 2 classes; without it the leaves are listed with their size alone. A double
 * classification adds its pairs, its pair order and its sign draws. stability: each class's
 * (--stability), or NULL when it was not assessed. conc, when not NULL, adds each class's
 * participants. */
int cn_tables_write_classes_json(const char *dir, const cn_dhc *d, const char *unit_name,
                                 char *const *labels, const cn_themes *themes,
                                 const cn_stability *stability, const cn_concentration *conc,
                                 cn_error *err);
/* "N rows classified on M (P %)" and the classes, as IRAMUTEQ's report says them. */
void cn_tables_print_summary(FILE *out, const cn_dhc *d);

/* dir/segments.csv; unit_class gives each unit's class (a text's, with unit_texts). */
int cn_tables_write_segments(const char *dir, const cn_prepared *p, bool unit_texts,
                             const uint32_t *unit_class, cn_error *err);
/* dir/profiles.csv and dir/profiles_iramuteq.csv; units ("segments", or "texts" with
 * --unit texts) names the columns that count them. */
int cn_tables_write_profiles(const char *dir, const cn_prepared *p, const cn_profiles *pr,
                             const char *units, cn_error *err);
int cn_tables_write_modalities(const char *dir, const cn_profiles *pr, const char *units,
                               cn_error *err);
/* What typical_segments.csv needs of the run to quote a segment besides the prepared
 * corpus (whose occurrences are the words the run counted): its time variable (may be
 * NULL). */
typedef struct cn_tables_quote {
    const char *time_var;
    const char *speaker; /* --speaker: the participant's variable (NULL: "part") */
} cn_tables_quote;
/* dir/typical_segments.csv: each with its participant, its date or time modality, its
 * text's other modalities, and its marked profile forms (quote.h). */
int cn_tables_write_typical(const char *dir, const cn_prepared *p, const cn_profiles *pr,
                            const cn_tables_quote *q, cn_error *err);
int cn_tables_write_frequencies(const char *dir, const cn_prepared *p, cn_error *err);
/* dir/dtm.mtx, dtm_rows.csv, dtm_cols.csv. */
int cn_tables_write_dtm(const char *dir, const cn_prepared *p, bool unit_texts, cn_error *err);

#endif
