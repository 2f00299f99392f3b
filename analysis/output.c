/* output.c — the files of a classification: rows.csv, classes.json, and the summary. */
#include <cjson/cJSON.h>
#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "analyse.h"

int analyse_make_dir(const char *dir, cn_error *err)
{
    struct stat st;
    if (stat(dir, &st) == 0) {
        if (!S_ISDIR(st.st_mode))
            return cn_error_set(err, "%s: exists and is not a folder", dir);
        return 0;
    }
    if (mkdir(dir, 0755) != 0)
        return cn_error_set(err, "%s: cannot create: %s", dir, strerror(errno));
    return 0;
}

static FILE *open_in(const char *dir, const char *name, char *path, size_t size, cn_error *err)
{
    snprintf(path, size, "%s/%s", dir, name);
    FILE *f = fopen(path, "w");
    if (!f)
        cn_error_set(err, "%s: cannot write: %s", path, strerror(errno));
    return f;
}

static int close_checked(FILE *f, const char *path, cn_error *err)
{
    int bad = ferror(f);
    if (fclose(f) != 0 || bad)
        return cn_error_set(err, "%s: write error", path);
    return 0;
}

int analyse_write_rows(const char *dir, const cn_dhc *d, cn_error *err)
{
    char path[4200];
    FILE *f = open_in(dir, "rows.csv", path, sizeof path, err);
    if (!f)
        return -1;
    fputs("row,class\n", f);
    for (uint32_t i = 0; i < d->nrows; i++)
        fprintf(f, "%u,%u\n", i + 1, d->class_of[i]);
    return close_checked(f, path, err);
}

static uint32_t classified(const cn_dhc *d)
{
    uint32_t n = 0;
    for (int k = 0; k < d->nclasses; k++)
        n += d->class_size[k];
    return n;
}

int analyse_write_classes_json(const char *dir, const cn_dhc *d, const char *unit_name,
                               char *const *labels, cn_error *err)
{
    const char *units = unit_name ? unit_name : "rows";
    uint32_t n = classified(d);
    cJSON *root = cJSON_CreateObject();
    char line[256];
    snprintf(line, sizeof line, "%u %s classified on %u (%.2f %%)", n, units, d->nrows,
             d->nrows ? 100.0 * n / d->nrows : 0.0);
    cJSON_AddStringToObject(root, "summary", line);
    cJSON_AddNumberToObject(root, "units", d->nrows);
    cJSON_AddNumberToObject(root, "classified", n);
    cJSON_AddNumberToObject(root, "mincl", d->mincl);
    cJSON *classes = cJSON_AddArrayToObject(root, "classes");
    for (int k = 0; k < d->nclasses; k++) {
        cJSON *c = cJSON_CreateObject();
        cJSON_AddNumberToObject(c, "class", k + 1);
        if (labels && labels[k + 1])
            cJSON_AddStringToObject(c, "label", labels[k + 1]);
        cJSON_AddNumberToObject(c, "node", d->terminal[k]);
        cJSON_AddNumberToObject(c, "size", d->class_size[k]);
        cJSON_AddNumberToObject(c, "percent_of_classified",
                                n ? round(1e4 * d->class_size[k] / n) / 100 : 0);
        cJSON_AddItemToArray(classes, c);
    }
    cJSON *splits = cJSON_AddArrayToObject(root, "splits");
    for (int s = 0; s < d->nsplits; s++) {
        const cn_dhc_split *x = &d->splits[s];
        cJSON *o = cJSON_CreateObject();
        cJSON_AddNumberToObject(o, "split", s + 1);
        cJSON_AddNumberToObject(o, "node", x->node);
        cJSON_AddNumberToObject(o, "child1", x->child1);
        cJSON_AddNumberToObject(o, "child2", x->child2);
        cJSON_AddNumberToObject(o, "size1", x->size1);
        cJSON_AddNumberToObject(o, "size2", x->size2);
        cJSON_AddNumberToObject(o, "chi2", round(x->chi2 * 1e4) / 1e4);
        cJSON_AddNumberToObject(o, "chi2_cut", round(x->chi2_cut * 1e4) / 1e4);
        cJSON_AddNumberToObject(o, "reassignment_passes", x->passes);
        cJSON_AddNumberToObject(o, "moved", x->moved);
        cJSON_AddNumberToObject(o, "elimination_threshold", x->threshold);
        cJSON_AddNumberToObject(o, "emptied", x->removed);
        cJSON_AddItemToArray(splits, o);
    }
    if (d->npairs > 0) {
        cJSON *pairs = cJSON_AddArrayToObject(root, "double_pairs");
        for (int k = 0; k < d->npairs; k++) {
            cJSON *o = cJSON_CreateObject();
            cJSON_AddNumberToObject(o, "class", k + 1);
            cJSON_AddNumberToObject(o, "node_tree1", d->pairs[k].c1);
            cJSON_AddNumberToObject(o, "node_tree2", d->pairs[k].c2);
            cJSON_AddNumberToObject(o, "segments_in_both", d->pairs[k].size);
            cJSON_AddNumberToObject(o, "chi2", round(d->pairs[k].chi2 * 1e4) / 1e4);
            cJSON_AddItemToArray(pairs, o);
        }
    }
    char *text = cJSON_Print(root);
    cJSON_Delete(root);
    char path[4200];
    FILE *f = open_in(dir, "classes.json", path, sizeof path, err);
    if (!f) {
        free(text);
        return -1;
    }
    fputs(text, f);
    fputc('\n', f);
    free(text);
    return close_checked(f, path, err);
}

void analyse_print_summary(FILE *out, const cn_dhc *d)
{
    uint32_t n = classified(d);
    fprintf(out, "%u rows classified on %u (%.2f %%), %d classes after %d splits (mincl %d)\n", n,
            d->nrows, d->nrows ? 100.0 * n / d->nrows : 0.0, d->nclasses, d->nsplits, d->mincl);
    for (int k = 0; k < d->nclasses; k++)
        fprintf(out, "  class %d: %u (%.2f %%)\n", k + 1, d->class_size[k],
                n ? 100.0 * d->class_size[k] / n : 0.0);
}
