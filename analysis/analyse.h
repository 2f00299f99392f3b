/* analyse.h — what carnet-analyse's subcommands share: their entry points and the
 * writers of the files every run leaves. Not a public header. */
#ifndef CARNET_ANALYSE_H
#define CARNET_ANALYSE_H

#include <stdio.h>

#include "carnet/dhc.h"
#include "carnet/error.h"
#include "carnet/opt.h"

int cmd_classify(const char *prog, int argc, char **argv);

/* Creates dir (and no parents) unless it exists as a folder. */
int analyse_make_dir(const char *dir, cn_error *err);
/* dir/rows.csv: row,class (1-based rows; class 0 = unclassified). */
int analyse_write_rows(const char *dir, const cn_dhc *d, cn_error *err);
/* dir/classes.json: classes with sizes and shares, the splits with their chi2, the summary
 * line. unit_name names the units ("rows", "segments"); NULL = "rows". */
int analyse_write_classes_json(const char *dir, const cn_dhc *d, const char *unit_name,
                               cn_error *err);
/* "N rows classified on M (P %)" and the classes, as IRAMUTEQ's report says them. */
void analyse_print_summary(FILE *out, const cn_dhc *d);

#endif
