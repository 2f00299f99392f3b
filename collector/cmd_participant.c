/* cmd_participant.c — carnet-collect participant add|set|list|show. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "carnet/cohort.h"
#include "carnet/participant.h"
#include "carnet/stats.h"
#include "cli.h"

/* Applies the options that carry participant fields to *p; returns CLI_OK or CLI_USAGE. */
static int apply_fields(cli *ctx, const cli_command *cmd, cn_participant *p)
{
    cn_error err = {0};
    const char *v;
    if ((v = cli_value(cmd, "--gender"))) {
        if (strlen(v) != 1 || !strchr("fmx", v[0]))
            return cli_usage_error(ctx, cmd, "--gender '%s': expected f, m or x", v);
        p->gender = v[0];
    }
    if (cli_int(ctx, cmd, "--birth-year", p->birth_year, 1900, 2199, &p->birth_year) < 0)
        return CLI_USAGE;
    struct {
        const char *name;
        cn_date *date;
    } dates[] = {{"--care-start", &p->care_start}, {"--consent", &p->consent}};
    for (size_t i = 0; i < sizeof dates / sizeof *dates; i++)
        if ((v = cli_value(cmd, dates[i].name)) && cn_date_parse(v, dates[i].date, &err) < 0)
            return cli_usage_error(ctx, cmd, "%s: %s", dates[i].name, err.msg);
    if ((v = cli_value(cmd, "--site"))) {
        if (strlen(v) >= sizeof p->site)
            return cli_usage_error(ctx, cmd, "--site is too long");
        snprintf(p->site, sizeof p->site, "%s", v);
    }
    if ((v = cli_value(cmd, "--lang"))) {
        if (strlen(v) >= sizeof p->lang)
            return cli_usage_error(ctx, cmd, "--lang '%s' is not a language code", v);
        snprintf(p->lang, sizeof p->lang, "%s", v);
    }
    if ((v = cli_value(cmd, "--replaces"))) {
        if (strlen(v) >= sizeof p->replaces)
            return cli_usage_error(ctx, cmd, "--replaces: code too long");
        snprintf(p->replaces, sizeof p->replaces, "%s", v);
    }
    return CLI_OK;
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
    const char *required[] = {"--gender", "--birth-year", "--care-start", "--consent"};
    for (size_t i = 0; i < sizeof required / sizeof *required; i++)
        if (!cli_value(&cmd, required[i]))
            return cli_usage_error(ctx, &cmd, "%s is required", required[i]);
    cn_participant p = {.status = CN_STATUS_ACTIVE};
    if (strlen(args[0]) >= sizeof p.code)
        return cli_usage_error(ctx, &cmd, "code '%s' is too long", args[0]);
    snprintf(p.code, sizeof p.code, "%s", args[0]);
    if ((rc = apply_fields(ctx, &cmd, &p)) != CLI_OK)
        return rc;
    cn_store *store;
    if (cli_open(ctx, &store) != CLI_OK)
        return CLI_ERROR;
    cn_error err = {0};
    rc = cn_store_begin(store, &err) == 0 && cn_participant_add(store, &p, ctx->today, &err) == 0 &&
                 cn_store_commit(store, &err) == 0
             ? CLI_OK
             : CLI_ERROR;
    if (rc != CLI_OK) {
        cn_store_rollback(store);
        cli_fail(ctx, &err);
    } else {
        fprintf(stderr, "added participant %s\n", p.code);
    }
    cn_store_close(store);
    return rc;
}

static int participant_set(cli *ctx, int argc, char **argv)
{
    cli_option options[] = {
        {"--status", "S", "active, handed_back, lost or withdrawn", NULL},
        {"--handed-back", "DATE", "date the diary was handed back (sets status handed_back)", NULL},
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
    cn_store *store;
    if (cli_open(ctx, &store) != CLI_OK)
        return CLI_ERROR;
    cn_error err = {0};
    cn_participant p;
    int found = -1;
    rc = CLI_ERROR;
    if (cn_store_begin(store, &err) < 0 ||
        (found = cn_participant_get(store, args[0], &p, &err)) < 0)
        goto done;
    if (!found) {
        cn_error_set(&err, "unknown participant '%s'", args[0]);
        goto done;
    }
    if ((rc = apply_fields(ctx, &cmd, &p)) != CLI_OK)
        goto done;
    rc = CLI_ERROR;
    const char *v;
    if ((v = cli_value(&cmd, "--handed-back"))) {
        if (cn_date_parse(v, &p.handed_back, &err) < 0) {
            cn_error_prefix(&err, "--handed-back");
            goto done;
        }
        p.has_handed_back = true;
        if (p.status == CN_STATUS_ACTIVE)
            p.status = CN_STATUS_HANDED_BACK;
    }
    if ((v = cli_value(&cmd, "--status")) && cn_status_parse(v, &p.status, &err) < 0)
        goto done;
    if (cn_participant_update(store, &p, ctx->today, &err) < 0 || cn_store_commit(store, &err) < 0)
        goto done;
    fprintf(stderr, "updated participant %s\n", p.code);
    rc = CLI_OK;
done:
    if (rc == CLI_ERROR) {
        cn_store_rollback(store);
        if (err.msg[0])
            cli_fail(ctx, &err);
    } else if (rc != CLI_OK) {
        cn_store_rollback(store);
    }
    cn_store_close(store);
    return rc;
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
    cn_error err = {0};
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
    cn_error err = {0};
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
