/* cmd_participant.c — carnet-collect participant add|set|list|show. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "carnet/cohort.h"
#include "carnet/fields.h"
#include "carnet/participant.h"
#include "carnet/stats.h"
#include "cli.h"

/* The text of each field's option, NULL when absent: option names come from the one field
 * table, which also parses them, exactly as the imports parse their columns. */
static void field_values(const cli_command *cmd, const char *values[CN_PF_COUNT])
{
    for (int i = 0; i < CN_PF_COUNT; i++) {
        const char *option = cn_participant_fields[i].option;
        values[i] = option ? cli_value(cmd, option) : NULL;
    }
}

static int participant_add(cli *ctx, int argc, char **argv)
{
    cli_option options[] = {
        {"--gender", "f|m|x", "gender (required)", NULL},
        {"--birth-year", "YYYY", "year of birth (required)", NULL},
        {"--care-start", "DATE", "date care began (required)", NULL},
        {"--consent", "DATE", "date of consent (required)", NULL},
        {"--site", "S", "site of care", NULL},
        {"--lang", "L", "language of the diary (default: the study's)", NULL},
        {"--replaces", "CODE", "the participant this one replaces", NULL},
    };
    const cli_command cmd = {"participant add",
                             "CODE",
                             "add a participant by pseudonymous code",
                             options,
                             sizeof options / sizeof *options,
                             1,
                             1};
    const char *args[1];
    int nargs, rc = cli_parse(ctx, &cmd, argc, argv, args, &nargs);
    if (rc != CLI_OK)
        return rc < 0 ? CLI_OK : rc;
    const char *values[CN_PF_COUNT];
    field_values(&cmd, values);
    values[CN_PF_CODE] = args[0];
    for (int i = 0; i < CN_PF_COUNT; i++)
        if (cn_participant_fields[i].required && !values[i])
            return cli_usage_error(ctx, &cmd, "%s is required", cn_participant_fields[i].option);
    cn_error err = {{0}};
    cn_participant p;
    if (cn_field_read_participant(values, true, &p, &err) < 0)
        return cli_usage_error(ctx, &cmd, "%s", err.msg);
    cn_store *store;
    if (cli_open(ctx, &store) != CLI_OK)
        return CLI_ERROR;
    rc = cn_participant_add(store, &p, ctx->today, &err);
    cn_store_close(store);
    if (rc < 0)
        return cli_fail(ctx, &err);
    fprintf(stderr, "added participant %s\n", p.code);
    return CLI_OK;
}

static int participant_set(cli *ctx, int argc, char **argv)
{
    cli_option options[] = {
        {"--status", "S", "active, handed_back, lost or withdrawn", NULL},
        {"--handed-back", "DATE",
         "date the diary was handed back (status handed_back unless lost or withdrawn)", NULL},
        {"--gender", "f|m|x", "gender", NULL},
        {"--birth-year", "YYYY", "year of birth", NULL},
        {"--care-start", "DATE", "date care began", NULL},
        {"--consent", "DATE", "date of consent", NULL},
        {"--site", "S", "site of care", NULL},
        {"--lang", "L", "language of the diary", NULL},
        {"--replaces", "CODE", "the participant this one replaces", NULL},
    };
    const cli_command cmd = {"participant set",
                             "CODE",
                             "change a participant's fields or status",
                             options,
                             sizeof options / sizeof *options,
                             1,
                             1};
    const char *args[1];
    int nargs, rc = cli_parse(ctx, &cmd, argc, argv, args, &nargs);
    if (rc != CLI_OK)
        return rc < 0 ? CLI_OK : rc;
    const char *values[CN_PF_COUNT];
    field_values(&cmd, values);
    cn_store *store;
    if (cli_open(ctx, &store) != CLI_OK)
        return CLI_ERROR;
    cn_error err = {{0}};
    cn_participant p;
    rc = cn_participant_set_text(store, args[0], values, ctx->today, &p, &err);
    cn_store_close(store);
    if (rc < 0)
        return cli_fail(ctx, &err);
    fprintf(stderr, "updated participant %s (status %s)\n", p.code, cn_status_name(p.status));
    return CLI_OK;
}

static void print_row(const cn_stats_record *r)
{
    char consent[CN_DATE_TEXT], last[CN_DATE_TEXT] = "-", care[8];
    cn_date_format(r->p.consent, consent);
    if (r->span.count)
        cn_date_format(r->span.last, last);
    cn_cohort_modality(&r->p, CN_BY_CARE, care, sizeof care);
    printf("%-10s %c %5d  %-10s  %-5s %-14.14s %-4s %-11s %7lld  %-10s\n", r->p.code, r->p.gender,
           r->p.birth_year, consent, care, r->p.site[0] ? r->p.site : "-",
           r->p.lang[0] ? r->p.lang : "-", cn_status_name(r->p.status), (long long)r->span.count,
           last);
}

static int participant_list(cli *ctx, int argc, char **argv)
{
    const cli_command cmd = {"participant list", NULL, "list participants", NULL, 0, 0, 0};
    const char *args[1];
    int nargs, rc = cli_parse(ctx, &cmd, argc, argv, args, &nargs);
    if (rc != CLI_OK)
        return rc < 0 ? CLI_OK : rc;
    cn_store *store;
    if (cli_open(ctx, &store) != CLI_OK)
        return CLI_ERROR;
    cn_error err = {{0}};
    cn_stats_record *recs;
    size_t n;
    if (cn_stats_load(store, &recs, &n, &err) < 0) {
        cn_store_close(store);
        return cli_fail(ctx, &err);
    }
    printf("%-10s %s %5s  %-10s  %-5s %-14s %-4s %-11s %7s  %-10s\n", "code", "g", "born",
           "consent", "care", "site", "lang", "status", "entries", "last entry");
    for (size_t i = 0; i < n; i++)
        print_row(&recs[i]);
    free(recs);
    cn_store_close(store);
    return CLI_OK;
}

static int participant_show(cli *ctx, int argc, char **argv)
{
    const cli_command cmd = {"participant show", "CODE", "show one participant", NULL, 0, 1, 1};
    const char *args[1];
    int nargs, rc = cli_parse(ctx, &cmd, argc, argv, args, &nargs);
    if (rc != CLI_OK)
        return rc < 0 ? CLI_OK : rc;
    cn_store *store;
    if (cli_open(ctx, &store) != CLI_OK)
        return CLI_ERROR;
    cn_error err = {{0}};
    cn_study study;
    cn_participant p;
    cn_entry_span span;
    char replaced_by[CN_CODE_MAX];
    int found =
        cn_store_study(store, &study, &err) < 0 ? -1 : cn_participant_get(store, args[0], &p, &err);
    if (found == 0)
        cn_error_set(&err, "unknown participant '%s'", args[0]);
    if (found <= 0 || cn_entry_span_of(store, p.id, &span, &err) < 0 ||
        cn_participant_replaced_by(store, p.code, replaced_by, &err) < 0) {
        cn_store_close(store);
        return cli_fail(ctx, &err);
    }
    char d1[CN_DATE_TEXT], d2[CN_DATE_TEXT], band[16];
    printf("code:          %s\n", p.code);
    printf("gender:        %c\n", p.gender);
    cn_cohort_modality(&p, CN_BY_AGE, band, sizeof band);
    printf("birth year:    %d (age %d at consent, band %s)\n", p.birth_year, cn_cohort_age(&p),
           band);
    cn_date_format(p.care_start, d1);
    cn_cohort_modality(&p, CN_BY_CARE, band, sizeof band);
    printf("care start:    %s (%.2f years in care at consent, band %s)\n", d1,
           cn_cohort_years_in_care(&p), band);
    cn_date_format(p.consent, d1);
    cn_date_format(cn_stats_diary_end(&p, study.diary_months), d2);
    printf("consent:       %s (diary period ends %s)\n", d1, d2);
    printf("site:          %s\n", p.site[0] ? p.site : "-");
    printf("language:      %s\n", p.lang[0] ? p.lang : study.lang);
    printf("status:        %s\n", cn_status_name(p.status));
    if (p.has_handed_back) {
        cn_date_format(p.handed_back, d1);
        printf("handed back:   %s%s\n", d1,
               cn_stats_is_late(&p, study.diary_months) ? " (late)" : "");
    }
    if (p.replaces[0])
        printf("replaces:      %s\n", p.replaces);
    if (replaced_by[0])
        printf("replaced by:   %s\n", replaced_by);
    printf("entries:       %lld\n", (long long)span.count);
    if (span.count) {
        cn_date_format(span.first, d1);
        cn_date_format(span.last, d2);
        printf("first / last:  %s / %s (%d days of diary)\n", d1, d2, span.last - span.first);
    }
    cn_store_close(store);
    return CLI_OK;
}

int cmd_participant(cli *ctx, int argc, char **argv)
{
    static const struct {
        const char *name;
        int (*run)(cli *, int, char **);
    } verbs[] = {{"add", participant_add},
                 {"set", participant_set},
                 {"list", participant_list},
                 {"show", participant_show}};
    for (size_t i = 0; argc > 0 && i < sizeof verbs / sizeof *verbs; i++)
        if (strcmp(argv[0], verbs[i].name) == 0)
            return verbs[i].run(ctx, argc - 1, argv + 1);
    fprintf(stderr, "usage: %s participant add|set|list|show ... (--help on each)\n", ctx->prog);
    return argc > 0 && strcmp(argv[0], "--help") == 0 ? CLI_OK : CLI_USAGE;
}
