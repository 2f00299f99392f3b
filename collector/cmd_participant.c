/* cmd_participant.c — carnet-collect participant add|set|list|show. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "carnet/cohort.h"
#include "carnet/participant.h"
#include "carnet/stats.h"
#include "cli.h"

/* The participant fields a command may set, as the user typed them (NULL: not given). */
typedef struct field_args {
    const char *gender, *birth_year, *care_start, *consent, *site, *lang, *replaces;
} field_args;

#define FIELD_OPTIONS(f, required)                                                                 \
    CN_OPT_STRING("--gender", "f|m|x", &(f)->gender, "gender" required),                           \
        CN_OPT_STRING("--birth-year", "YYYY", &(f)->birth_year, "year of birth" required),         \
        CN_OPT_STRING("--care-start", "DATE", &(f)->care_start, "date care began" required),       \
        CN_OPT_STRING("--consent", "DATE", &(f)->consent, "date of consent" required),             \
        CN_OPT_STRING("--site", "S", &(f)->site, "site of care"),                                  \
        CN_OPT_STRING("--lang", "L", &(f)->lang, "language of the diary (default: the study's)"),  \
        CN_OPT_STRING("--replaces", "CODE", &(f)->replaces, "the participant this one replaces")

/* Copies text into a fixed field, refusing what does not fit. */
static int copy_field(const cn_command *cmd, const char *name, const char *text, char *out,
                      size_t size)
{
    if (strlen(text) >= size)
        return cn_opt_fail(cmd, "%s '%s' is too long", name, text);
    memcpy(out, text, strlen(text) + 1);
    return CLI_OK;
}

/* Applies the fields given on the command line to *p; returns CLI_OK or CLI_USAGE. */
static int apply_fields(const cn_command *cmd, const field_args *f, cn_participant *p)
{
    cn_error err = {0};
    if (f->gender) {
        if (strlen(f->gender) != 1 || !strchr("fmx", f->gender[0]))
            return cn_opt_fail(cmd, "--gender '%s': expected f, m or x", f->gender);
        p->gender = f->gender[0];
    }
    if (f->birth_year) {
        char *end;
        long y = strtol(f->birth_year, &end, 10);
        if (!*f->birth_year || *end || y < 1900 || y > 2199)
            return cn_opt_fail(cmd, "--birth-year '%s': expected a year from 1900 to 2199",
                               f->birth_year);
        p->birth_year = (int)y;
    }
    if (f->care_start && cn_date_parse(f->care_start, &p->care_start, &err) < 0)
        return cn_opt_fail(cmd, "--care-start: %s", err.msg);
    if (f->consent && cn_date_parse(f->consent, &p->consent, &err) < 0)
        return cn_opt_fail(cmd, "--consent: %s", err.msg);
    if ((f->site && copy_field(cmd, "--site", f->site, p->site, sizeof p->site)) ||
        (f->lang && copy_field(cmd, "--lang", f->lang, p->lang, sizeof p->lang)) ||
        (f->replaces &&
         copy_field(cmd, "--replaces", f->replaces, p->replaces, sizeof p->replaces)))
        return CLI_USAGE;
    return CLI_OK;
}

int cmd_participant_add(cli *ctx, int argc, char **argv)
{
    field_args f = {0};
    const cn_option options[] = {FIELD_OPTIONS(&f, " (required)"), CN_OPT_END()};
    cn_command cmd = {.name = "participant add",
                      .args = "CODE",
                      .about = "add a participant by pseudonymous code",
                      .options = options,
                      .min_args = 1,
                      .max_args = 1};
    const char *args[1];
    int nargs, rc = cli_parse(ctx, &cmd, argc, argv, args, &nargs);
    if (rc != CLI_OK)
        return CLI_PARSE_EXIT(rc);
    const char *required[][2] = {{"--gender", f.gender},
                                 {"--birth-year", f.birth_year},
                                 {"--care-start", f.care_start},
                                 {"--consent", f.consent}};
    for (size_t i = 0; i < sizeof required / sizeof *required; i++)
        if (!required[i][1])
            return cn_opt_fail(&cmd, "%s is required", required[i][0]);
    cn_participant p = {.status = CN_STATUS_ACTIVE};
    if (copy_field(&cmd, "code", args[0], p.code, sizeof p.code) ||
        (rc = apply_fields(&cmd, &f, &p)) != CLI_OK)
        return CLI_USAGE;
    cn_error err = {0};
    if (cn_store_begin(ctx->store, &err) < 0 ||
        cn_participant_add(ctx->store, &p, ctx->today, &err) < 0 ||
        cn_store_commit(ctx->store, &err) < 0) {
        cn_store_rollback(ctx->store);
        return cli_fail(ctx, &err);
    }
    fprintf(stderr, "added participant %s\n", p.code);
    return CLI_OK;
}

static int parse_status(const char *text, void *target, cn_error *err)
{
    return cn_status_parse(text, target, err);
}

int cmd_participant_set(cli *ctx, int argc, char **argv)
{
    field_args f = {0};
    const char *handed_back = NULL, *status = NULL;
    const cn_option options[] = {
        CN_OPT_STRING("--status", "S", &status, "active, handed_back, lost or withdrawn"),
        CN_OPT_STRING("--handed-back", "DATE", &handed_back,
                      "date the diary was handed back (sets status handed_back)"),
        FIELD_OPTIONS(&f, ""),
        CN_OPT_END(),
    };
    cn_command cmd = {.name = "participant set",
                      .args = "CODE",
                      .about = "change a participant's fields or status",
                      .options = options,
                      .min_args = 1,
                      .max_args = 1};
    const char *args[1];
    int nargs, rc = cli_parse(ctx, &cmd, argc, argv, args, &nargs);
    if (rc != CLI_OK)
        return CLI_PARSE_EXIT(rc);
    cn_error err = {0};
    cn_participant p;
    /* Read and write in one transaction; closing the store rolls back an early return. */
    int found = cn_store_begin(ctx->store, &err) < 0
                    ? -1
                    : cn_participant_get(ctx->store, args[0], &p, &err);
    if (found == 0)
        cn_error_code(&err, CN_ENOTFOUND, "unknown participant '%s'", args[0]);
    if (found <= 0)
        return cli_fail(ctx, &err);
    if (apply_fields(&cmd, &f, &p) != CLI_OK)
        return CLI_USAGE;
    if (handed_back) {
        if (cn_date_parse(handed_back, &p.handed_back, &err) < 0)
            return cn_opt_fail(&cmd, "--handed-back: %s", err.msg);
        p.has_handed_back = true;
        if (p.status == CN_STATUS_ACTIVE)
            p.status = CN_STATUS_HANDED_BACK;
    }
    if (status && parse_status(status, &p.status, &err) < 0)
        return cn_opt_fail(&cmd, "--status: %s", err.msg);
    if (cn_participant_update(ctx->store, &p, ctx->today, &err) < 0 ||
        cn_store_commit(ctx->store, &err) < 0) {
        cn_store_rollback(ctx->store);
        return cli_fail(ctx, &err);
    }
    fprintf(stderr, "updated participant %s\n", p.code);
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

/* list and show take no option of their own: --db and --help only. */
static const cn_option no_options[] = {CN_OPT_END()};

int cmd_participant_list(cli *ctx, int argc, char **argv)
{
    cn_command cmd = {
        .name = "participant list", .about = "list participants", .options = no_options};
    const char *args[1];
    int nargs, rc = cli_parse(ctx, &cmd, argc, argv, args, &nargs);
    if (rc != CLI_OK)
        return CLI_PARSE_EXIT(rc);
    cn_store *store = ctx->store;
    cn_error err = {0};
    cn_stats_record *recs;
    size_t n;
    if (cn_stats_load(store, &recs, &n, &err) < 0)
        return cli_fail(ctx, &err);
    printf("%-10s %s %5s  %-10s  %-5s %-14s %-4s %-11s %7s  %-10s\n", "code", "g", "born",
           "consent", "care", "site", "lang", "status", "entries", "last entry");
    for (size_t i = 0; i < n; i++)
        print_row(&recs[i]);
    free(recs);
    return CLI_OK;
}

int cmd_participant_show(cli *ctx, int argc, char **argv)
{
    cn_command cmd = {.name = "participant show",
                      .args = "CODE",
                      .about = "show one participant",
                      .options = no_options,
                      .min_args = 1,
                      .max_args = 1};
    const char *args[1];
    int nargs, rc = cli_parse(ctx, &cmd, argc, argv, args, &nargs);
    if (rc != CLI_OK)
        return CLI_PARSE_EXIT(rc);
    cn_store *store = ctx->store;
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
        cn_participant_replaced_by(store, p.code, replaced_by, &err) < 0)
        return cli_fail(ctx, &err);
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
    return CLI_OK;
}
