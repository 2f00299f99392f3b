/* cmd_stats.c — carnet-collect stats: the protocol table per cohort, as a table for
 * people, CSV or JSON for the paper's scripts. */
#include <cjson/cJSON.h>
#include <errno.h>
#include <math.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "carnet/csvout.h"
#include "carnet/stats.h"
#include "cli.h"

/* Numbers as people write them: up to two decimals, no trailing zeros; "-" for none. */
static void fmt_num(double v, char *out, size_t size)
{
    if (isnan(v)) {
        snprintf(out, size, "-");
        return;
    }
    snprintf(out, size, "%.2f", v);
    char *dot = strchr(out, '.');
    if (dot) {
        char *end = out + strlen(out) - 1;
        while (end > dot && *end == '0')
            *end-- = '\0';
        if (end == dot)
            *end = '\0';
    }
    if (strcmp(out, "-0") == 0)
        snprintf(out, size, "0");
}

typedef struct summary_field {
    const char *key; /* suffix of median_/q1_/q3_ keys */
    const char *label;
    size_t offset;
} summary_field;

static const summary_field summaries[] = {
    {"age", "median age in consent year [Q1-Q3]", offsetof(cn_cohort_stats, age)},
    {"days_to_first_entry", "median days to first entry [Q1-Q3]",
     offsetof(cn_cohort_stats, days_to_first_entry)},
    {"days_of_diary", "median days of diary [Q1-Q3]", offsetof(cn_cohort_stats, days_of_diary)},
    {"entries_per_month", "median entries per month [Q1-Q3]",
     offsetof(cn_cohort_stats, entries_per_month)},
};
#define NSUMMARIES (sizeof summaries / sizeof *summaries)

static const cn_summary *summary_of(const cn_cohort_stats *row, size_t i)
{
    return (const cn_summary *)((const char *)row + summaries[i].offset);
}

#define TABLE_ROWS (4 + NSUMMARIES + 3)
#define CELL (CN_SITE_MAX + 32)

/* One row label and one cell per cohort; widths are measured before printing. */
typedef struct table {
    const char *labels[TABLE_ROWS];
    char (*cells)[TABLE_ROWS][CELL];
    size_t ncols;
} table;

static void fill_column(char cells[TABLE_ROWS][CELL], const cn_cohort_stats *row)
{
    int r = 0;
    snprintf(cells[r++], CELL, "%s", row->cohort);
    snprintf(cells[r++], CELL, "%d", row->n);
    snprintf(cells[r++], CELL, "%d", row->n_with_entries);
    snprintf(cells[r++], CELL, "%d / %d", row->men, row->women);
    for (size_t i = 0; i < NSUMMARIES; i++) {
        const cn_summary *s = summary_of(row, i);
        char m[16], q1[16], q3[16];
        fmt_num(s->median, m, sizeof m);
        fmt_num(s->q1, q1, sizeof q1);
        fmt_num(s->q3, q3, sizeof q3);
        if (s->n)
            snprintf(cells[r++], CELL, "%s [%s-%s]", m, q1, q3);
        else
            snprintf(cells[r++], CELL, "-");
    }
    snprintf(cells[r++], CELL, "%d", row->lost);
    snprintf(cells[r++], CELL, "%d", row->late);
    snprintf(cells[r++], CELL, "%d", row->erased);
}

/* The table, titled with the day its lost and late diaries are counted at. */
static void print_table(FILE *out, const cn_study *study, const cn_audit_state *state,
                        cn_date today, cn_cohort_by by, const cn_cohort_stats *rows, size_t n)
{
    static const char *const by_titles[] = {"years in care at consent", "age at consent", "sex",
                                            "site"};
    static const char *const labels[TABLE_ROWS] = {
        "",
        "n consented",
        "n with entries",
        "men / women",
        "median age in consent year [Q1-Q3]",
        "median days to first entry [Q1-Q3]",
        "median days of diary [Q1-Q3]",
        "median entries per month [Q1-Q3]",
        "lost (status lost, or no entry once closed)",
        "late (> 30 days past the end)",
        "erased (withdrawn, diaries erased)",
    };
    char(*cells)[TABLE_ROWS][CELL] = calloc(n ? n : 1, sizeof *cells);
    if (!cells)
        return;
    size_t label_width = 0;
    for (int r = 0; r < (int)TABLE_ROWS; r++)
        if (strlen(labels[r]) > label_width)
            label_width = strlen(labels[r]);
    for (size_t c = 0; c < n; c++)
        fill_column(cells[c], &rows[c]);
    char day[CN_DATE_TEXT];
    cn_date_format(today, day);
    fputs("Protocol statistics: ", out); /* escaped: a name stored before the rule (trial 64) */
    cli_print_text(out, study->name, strlen(study->name), false);
    fprintf(out, " (%d-month diaries), by %s, as of %s\n", study->diary_months, by_titles[by], day);
    if (state->audited)
        fprintf(out, "Study state: audit chain head %s, %lld records\n", state->head,
                (long long)state->records);
    fputc('\n', out);
    for (int r = 0; r < (int)TABLE_ROWS; r++) {
        fprintf(out, "%-*s", (int)label_width, labels[r]);
        for (size_t c = 0; c < n; c++) {
            size_t width = 0;
            for (int k = 0; k < (int)TABLE_ROWS; k++)
                if (strlen(cells[c][k]) > width)
                    width = strlen(cells[c][k]);
            fprintf(out, "  %-*s", (int)width, cells[c][r]);
        }
        fputc('\n', out);
    }
    free(cells);
}

/* day: the day lost and late are counted at, on each row, so that a table read alone says
 * it. */
static void print_csv(FILE *out, const cn_cohort_stats *rows, size_t n, const char *day,
                      const cn_audit_state *state, int diary_months)
{
    fprintf(out, "cohort,n,n_with_entries,men,women");
    for (size_t i = 0; i < NSUMMARIES; i++)
        fprintf(out, ",median_%s,q1_%s,q3_%s", summaries[i].key, summaries[i].key,
                summaries[i].key);
    /* erased came after as_of: a reader of the columns by position keeps the earlier ones */
    fprintf(out, ",lost,late,as_of,erased,audit_head,audit_records,diary_months\n");
    for (size_t c = 0; c < n; c++) {
        cn_csv_field(out, rows[c].cohort);
        fprintf(out, ",%d,%d,%d,%d", rows[c].n, rows[c].n_with_entries, rows[c].men, rows[c].women);
        for (size_t i = 0; i < NSUMMARIES; i++) {
            const cn_summary *s = summary_of(&rows[c], i);
            double v[3] = {s->median, s->q1, s->q3};
            for (int k = 0; k < 3; k++) {
                char cell[32];
                if (isnan(v[k]))
                    cell[0] = '\0';
                else
                    snprintf(cell, sizeof cell, "%.6g", v[k]);
                fprintf(out, ",%s", cell);
            }
        }
        fprintf(out, ",%d,%d,%s,%d", rows[c].lost, rows[c].late, day, rows[c].erased);
        if (state->audited)
            fprintf(out, ",%s,%lld", state->head, (long long)state->records);
        else
            fputs(",,", out); /* a study of schema 1 has no chain */
        /* the protocol's length: late and lost depend on it (trial 74: tables of a 12- and
         * a 6-month protocol could not be told apart) */
        fprintf(out, ",%d\n", diary_months);
    }
}

static void add_number(cJSON *o, const char *key, double v)
{
    if (isnan(v))
        cJSON_AddNullToObject(o, key);
    else
        cJSON_AddNumberToObject(o, key, round(v * 1e6) / 1e6);
}

static void print_json(FILE *out, const cn_cohort_stats *rows, size_t n, const char *day,
                       const cn_audit_state *state, int diary_months)
{
    cJSON *array = cJSON_CreateArray();
    for (size_t c = 0; c < n; c++) {
        cJSON *o = cJSON_CreateObject();
        cJSON_AddStringToObject(o, "cohort", rows[c].cohort);
        cJSON_AddNumberToObject(o, "n", rows[c].n);
        cJSON_AddNumberToObject(o, "n_with_entries", rows[c].n_with_entries);
        cJSON_AddNumberToObject(o, "men", rows[c].men);
        cJSON_AddNumberToObject(o, "women", rows[c].women);
        for (size_t i = 0; i < NSUMMARIES; i++) {
            const cn_summary *s = summary_of(&rows[c], i);
            char key[64];
            snprintf(key, sizeof key, "median_%s", summaries[i].key);
            add_number(o, key, s->median);
            snprintf(key, sizeof key, "q1_%s", summaries[i].key);
            add_number(o, key, s->q1);
            snprintf(key, sizeof key, "q3_%s", summaries[i].key);
            add_number(o, key, s->q3);
        }
        cJSON_AddNumberToObject(o, "lost", rows[c].lost);
        cJSON_AddNumberToObject(o, "late", rows[c].late);
        cJSON_AddStringToObject(o, "as_of", day);
        cJSON_AddNumberToObject(o, "erased", rows[c].erased);
        if (state->audited) {
            cJSON_AddStringToObject(o, "audit_head", state->head);
            cJSON_AddNumberToObject(o, "audit_records", (double)state->records);
        } else {
            cJSON_AddNullToObject(o, "audit_head");
            cJSON_AddNullToObject(o, "audit_records");
        }
        cJSON_AddNumberToObject(o, "diary_months", diary_months);
        cJSON_AddItemToArray(array, o);
    }
    char *text = cJSON_Print(array);
    fprintf(out, "%s\n", text);
    free(text);
    cJSON_Delete(array);
}

static int parse_by(const char *text, void *target, cn_error *err)
{
    return cn_cohort_by_parse(text, target, err);
}

int cmd_stats(cli *ctx, int argc, char **argv)
{
    cn_cohort_by by = CN_BY_CARE;
    enum { TABLE, CSV, JSON };
    int format = -1; /* from -o's name, else TABLE */
    const char *path = NULL;
    bool final_only = false, all_entries = false;
    const cn_option options[] = {
        CN_OPT_FLAG("--final-only", &final_only,
                    "final entries only (the default in a double-entry study)"),
        CN_OPT_FLAG("--all-entries", &all_entries,
                    "with entries typed once or not reconciled yet (double entry)"),
        CN_OPT_CALLBACK("--by", "care|age|sex|site", &by, parse_by, NULL,
                        "cohorts (default care: years in care at consent)"),
        CN_OPT_CHOICE("--format", "table|csv|json", &format,
                      "output format (default: from -o's name, .csv or .json, else table)"),
        CN_OPT_STRING("-o", "FILE", &path,
                      "write to FILE (owner-only) instead of stdout (- is stdout)"),
        CN_OPT_END(),
    };
    ctx->cmd.options = options;
    if (!cli_parse(ctx, argc, argv))
        return ctx->status;
    cn_error err = {0};
    if (cli_output_format(path, "table|csv|json", TABLE, &format, &err) < 0)
        return cli_fail(ctx, &err);
    cn_study study;
    cn_stats_record *recs = NULL;
    cn_audit_state state;
    cn_cohort_stats *rows = NULL;
    size_t nrecs, nrows;
    int rc = cn_store_study(ctx->store, &study, &err) == 0 &&
                     cli_entries_scope(ctx, final_only, all_entries, &err) == 0 &&
                     cn_stats_load_state(ctx->store, &recs, &nrecs, &state, &err) == 0 &&
                     cn_stats_compute(recs, nrecs, study.diary_months, ctx->today, by, &rows,
                                      &nrows, &err) == 0
                 ? CLI_OK
                 : CLI_ERROR;
    free(recs);
    if (rc != CLI_OK)
        return cli_fail(ctx, &err);
    static const char *const starts[] = {"Protocol statistics", "cohort,", "[{\n\t\t\"cohort\"",
                                         NULL};
    cn_out_file out;
    if (cli_output_begin(ctx, &out, path, starts, &err) < 0) {
        free(rows);
        return cli_fail(ctx, &err);
    }
    char day[CN_DATE_TEXT];
    cn_date_format(ctx->today, day);
    if (format == CSV)
        print_csv(out.f, rows, nrows, day, &state, study.diary_months);
    else if (format == JSON)
        print_json(out.f, rows, nrows, day, &state, study.diary_months);
    else
        print_table(out.f, &study, &state, ctx->today, by, rows, nrows);
    free(rows);
    rc = ferror(out.f) ? cn_error_code(&err, CN_EIO, "write error: %s", strerror(errno)) : CN_OK;
    return cli_output_end(ctx, &out, rc, &err) < 0 ? cli_fail(ctx, &err) : CLI_OK;
}
