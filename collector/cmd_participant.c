/* cmd_participant.c — carnet-collect participant add|set|list|show. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "carnet/cohort.h"
#include "carnet/erase.h"
#include "carnet/recode.h"
#include "carnet/fields.h"
#include "carnet/participant.h"
#include "carnet/stats.h"
#include "cli.h"

/* The options of participant add/set come from the one field table, bound to the text of
 * each field (NULL when not given), which the library then parses exactly as the imports
 * parse their columns. add takes no status: a new participant is active, or handed back
 * when given a hand-back date. Returns the number of options, before the END entry. */
static size_t field_options(cn_option *out, const char *values[CN_PF_COUNT], bool adding)
{
    size_t n = 0;
    for (int i = 0; i < CN_PF_COUNT; i++) {
        const cn_field *f = &cn_participant_fields[i];
        values[i] = NULL;
        if (!f->option || (adding && i == CN_PF_STATUS))
            continue;
        out[n++] = (cn_option)CN_OPT_STRING(f->option, f->arg, &values[i], f->help);
        if (adding && f->required)
            out[n - 1].flags |= CN_OPT_REQUIRED;
    }
    out[n] = (cn_option)CN_OPT_END();
    return n;
}

/* Says on stderr, a line each, that p's code or site may identify its person: codes are
 * the team's choice, so this is a warning, not a refusal (participant.h). */
static void warn_identifying(const cli *ctx, const cn_participant *p)
{
    char text[CN_IDENTIFYING_TEXT_MAX];
    if (cn_participant_identifies(p, text, sizeof text) == 0)
        return;
    for (char *line = text, *next; line; line = next) {
        next = strchr(line, '\n');
        if (next)
            *next++ = '\0';
        fprintf(stderr, "%s: warning: %s\n", ctx->prog, line);
    }
}

int cmd_participant_add(cli *ctx, int argc, char **argv)
{
    const char *values[CN_PF_COUNT];
    cn_option options[CN_PF_COUNT + 2];
    bool alike_ok = false;
    size_t n = field_options(options, values, true);
    options[n] = (cn_option)CN_OPT_FLAG(
        "--allow-alike", &alike_ok,
        "add, as another person, a participant alike (sex, birth year, dates, site) to one"
        " recoded with --forget here (refused otherwise, as the same person)");
    options[n + 1] = (cn_option)CN_OPT_END();
    ctx->cmd.options = options;
    if (!cli_parse(ctx, argc, argv))
        return ctx->status;
    values[CN_PF_CODE] = ctx->args[0];
    cn_error err = {0};
    cn_participant p;
    if (cn_field_read_participant(values, true, &p, &err) < 0)
        return cn_opt_fail(&ctx->cmd, "%s", err.msg);
    if (cn_participant_add_alike(ctx->store, &p, ctx->today, alike_ok, &err) < 0)
        return cli_fail(ctx, &err);
    fprintf(stderr, "added participant %s\n", p.code);
    warn_identifying(ctx, &p);
    return CLI_OK;
}

int cmd_participant_set(cli *ctx, int argc, char **argv)
{
    const char *values[CN_PF_COUNT];
    cn_option options[CN_PF_COUNT + 1];
    field_options(options, values, false);
    ctx->cmd.options = options;
    if (!cli_parse(ctx, argc, argv))
        return ctx->status;
    cn_error err = {0};
    cn_participant p;
    if (cn_participant_set_text(ctx->store, ctx->args[0], values, ctx->today, &p, &err) < 0)
        return cli_fail(ctx, &err);
    fprintf(stderr, "updated participant %s (status %s)\n", p.code, cn_status_name(p.status));
    if (values[CN_PF_SITE])
        warn_identifying(ctx, &p);
    return CLI_OK;
}

/* A participant without a language of its own writes in the study's: shown as such, with a
 * star (a later config --lang changes it). Returns whether it did. */
static bool print_row(const cn_stats_record *r, const char *study_lang)
{
    char consent[CN_DATE_TEXT], last[CN_DATE_TEXT] = "-", care[8];
    cn_date_format(r->p.consent, consent);
    if (r->span.count)
        cn_date_format(r->span.last, last);
    cn_cohort_modality(&r->p, CN_BY_CARE, care, sizeof care);
    printf("%-10s %c %5d  %-10s  %-5s ", r->p.code, r->p.gender, r->p.birth_year, consent, care);
    cli_print_column(stdout, r->p.site[0] ? r->p.site : "-", 14); /* "Besançon": characters */
    char lang[CN_LANG_MAX + 2];
    bool inherited = !r->p.lang[0] && study_lang[0];
    snprintf(lang, sizeof lang, "%s%s",
             r->p.lang[0] ? r->p.lang
             : inherited  ? study_lang
                          : "-",
             inherited ? "*" : "");
    printf(" %-4s %-11s %7lld  %-10s\n", lang, cn_status_name(r->p.status),
           (long long)r->span.count, last);
    return inherited;
}

/* list and show take no option of their own: --db and --help only. */
static const cn_option no_options[] = {CN_OPT_END()};

static int parse_status_option(const char *text, void *target, cn_error *err)
{
    cn_status status;
    if (cn_status_parse(text, &status, err) < 0)
        return -1;
    *(int *)target = (int)status;
    return 0;
}

int cmd_participant_list(cli *ctx, int argc, char **argv)
{
    int status = -1, limit = 0; /* -1: any status; 0: every participant */
    const char *site = NULL;
    const cn_option options[] = {
        {CN_OPTT_CALLBACK, "--status", "STATUS",
         "only participants of this status (active, handed_back, lost, withdrawn)", &status, 0, 0,
         NULL, parse_status_option, NULL, CN_OPT_NODEFAULT},
        CN_OPT_STRING("--site", "SITE", &site,
                      "only participants of this site (its cohort: any case, accents or not)"),
        {CN_OPTT_INT, "--limit", "N", "the first N participants only (stderr says how many more)",
         &limit, 1, 100000000, NULL, NULL, NULL, CN_OPT_NODEFAULT},
        CN_OPT_END(),
    };
    ctx->cmd.options = options;
    if (!cli_parse(ctx, argc, argv))
        return ctx->status;
    cn_store *store = ctx->store;
    cn_error err = {0};
    cn_study study;
    cn_stats_record *recs;
    size_t n;
    if (cn_store_study(store, &study, &err) < 0 || cn_stats_load(store, &recs, &n, &err) < 0)
        return cli_fail(ctx, &err);
    printf("%-10s %s %5s  %-10s  %-5s %-14s %-4s %-11s %7s  %-10s\n", "code", "g", "born",
           "consent", "care", "site", "lang", "status", "entries", "last entry");
    bool inherited = false;
    size_t shown = 0, matched = 0;
    for (size_t i = 0; i < n; i++) {
        const cn_participant *p = &recs[i].p;
        if ((status >= 0 && (int)p->status != status) ||
            (site && !cn_cohort_same_site(p->site, site)))
            continue;
        if (matched++ < (size_t)limit || !limit) {
            inherited |= print_row(&recs[i], study.lang);
            shown++;
        }
    }
    free(recs);
    if (inherited)
        printf("* the study's language: the participant has none of its own\n");
    if (((status >= 0 || site) && matched == 0) || matched > shown) {
        if (cli_flush_output(ctx, &err) < 0) /* the lines below come after the list */
            return cli_fail(ctx, &err);
    }
    if ((status >= 0 || site) && matched == 0) /* a mistyped site reads as an empty one */
        fprintf(stderr, "no participant %s%s%s%s\n", status >= 0 ? "is " : "",
                status >= 0 ? cn_status_name((cn_status)status) : "",
                status >= 0 && site ? " at "
                : site              ? "at "
                                    : "",
                site ? site : "");
    if (matched > shown)
        fprintf(stderr, "%zu more %s not shown (--limit %d)\n", matched - shown,
                matched - shown == 1 ? "participant" : "participants", limit);
    return CLI_OK;
}

int cmd_participant_show(cli *ctx, int argc, char **argv)
{
    ctx->cmd.options = no_options;
    if (!cli_parse(ctx, argc, argv))
        return ctx->status;
    cn_store *store = ctx->store;
    cn_error err = {0};
    cn_study study;
    cn_participant p;
    cn_entry_span span, counted_span;
    char replaced_by[CN_REPLACED_BY_MAX];
    int found = cn_store_study(store, &study, &err) < 0
                    ? -1
                    : cn_participant_get(store, ctx->args[0], &p, &err);
    if (found == 0)
        cn_participant_unknown(store, ctx->args[0], "", &err);
    int erased = found > 0 ? cn_erase_done(store, &p, &err) : 0;
    if (found <= 0 || erased < 0 || cn_entry_span_of(store, p.id, &span, &err) < 0 ||
        cn_stats_counted_span(store, p.id, &counted_span, &err) < 0 ||
        cn_participant_replaced_by(store, p.code, replaced_by, sizeof replaced_by, &err) < 0)
        return cli_fail(ctx, &err);
    char d1[CN_DATE_TEXT], d2[CN_DATE_TEXT], band[16];
    printf("code:          %s\n", p.code);
    printf("gender:        %c\n", p.gender);
    cn_cohort_modality(&p, CN_BY_AGE, band, sizeof band);
    /* a birth year only: the age reached in the consent year, a year more than the age at
     * consent until the birthday (trial 77 read "age 18 at consent" of a girl of 17) */
    printf("birth year:    %d (age %d in the consent year, band %s)\n", p.birth_year,
           cn_cohort_age(&p), band);
    cn_date_format(p.care_start, d1);
    cn_cohort_modality(&p, CN_BY_CARE, band, sizeof band);
    /* four decimals: a day before an anniversary is at most 365/366 of a year past the
     * last one (0.9973), so the figure shown can never read as the edge ("1.00 years,
     * band lt1") */
    long long in_care = p.consent - p.care_start;
    printf("care start:    %s (%lld day%s in care at consent: %.4f years, band %s)\n", d1, in_care,
           in_care == 1 ? "" : "s", cn_cohort_years_in_care(&p), band);
    cn_date_format(p.consent, d1);
    cn_date_format(cn_stats_diary_end(&p, study.diary_months), d2);
    printf("consent:       %s (diary period ends %s)\n", d1, d2);
    fputs("site:          ", stdout); /* escaped: one stored before the rule (trial 64) */
    cli_print_text(stdout, p.site[0] ? p.site : "-", strlen(p.site[0] ? p.site : "-"), false);
    putchar('\n');
    if (p.lang[0] || !study.lang[0])
        printf("language:      %s\n", p.lang[0] ? p.lang : "-");
    else
        printf("language:      %s (the study's)\n", study.lang);
    /* as stats counts it today: lost (no entry once closed), or late; a late hand-back is
     * said on its own line */
    cn_diary_count counted = cn_stats_diary_count(&(cn_stats_record){p, counted_span, erased > 0},
                                                  study.diary_months, ctx->today);
    const char *note = cn_stats_counted_note(counted, &p);
    bool late_back = counted == CN_DIARY_COUNTED_LATE && p.has_handed_back;
    if (note && !late_back)
        printf("status:        %s (%s)\n", cn_status_name(p.status), note);
    else
        printf("status:        %s\n", cn_status_name(p.status));
    if (p.has_handed_back) {
        cn_date_format(p.handed_back, d1);
        printf("handed back:   %s%s\n", d1, late_back ? " (late)" : "");
    }
    if (p.replaces[0])
        printf("replaces:      %s\n", p.replaces);
    if (replaced_by[0])
        printf("replaced by:   %s\n", replaced_by);
    printf("entries:       %lld", (long long)span.count);
    if (counted_span.count != span.count) /* the desk and stats counted final ones (trial 77) */
        printf(" (%lld final: double entry, stats counts these)", (long long)counted_span.count);
    putchar('\n');
    if (counted_span.count) { /* as stats counts them (trial 81: over every copy) */
        cn_date_format(counted_span.first, d1);
        cn_date_format(counted_span.last, d2);
        int days = counted_span.last - counted_span.first;
        printf("first / last:  %s / %s (%d day%s of diary%s)\n", d1, d2, days, days == 1 ? "" : "s",
               counted_span.count != span.count ? ", final entries" : "");
    }
    return CLI_OK;
}

/* One copy beside the study, named on the line say_copies writes. */
static void name_copy(const char *path, bool runs, void *ctx)
{
    size_t *n = ctx;
    fprintf(stderr, "%s%s%s", (*n)++ ? ", " : "; beside the study now: ", path,
            runs ? " (the desk's analyses)" : "");
}

/* The copies an erasure or a recode cannot reach, which still hold what it took out
 * (what): the kinds any study may have, then those its folder shows, by name (trial 62:
 * the .schemaN.bak an upgrade kept went unsaid, and the runs folder named was the one
 * of the study's new name, not the one of its old name that held the texts). */
static void say_copies(const cli *ctx, const char *what, const char *more, const char *advice)
{
    fprintf(stderr,
            "copies made before still hold %s: backups, .schemaN.bak copies of upgrades,"
            " exports, analyses%s",
            what, more);
    size_t n = 0;
    cn_store_copies_beside(ctx->db_path, name_copy, &n);
    fprintf(stderr, "%s\n", advice);
}

/* What an erasure did, said once it is committed: before the file's rewrite, which a stop
 * may cut (trial 79: the chain heads were never seen). */
static void say_erased(const cn_erase_result *r, void *arg)
{
    const cli *ctx = arg;
    if (r->already) {
        fprintf(stderr,
                "the diaries of %s were erased already, and nothing of theirs was added since:"
                " no record added, the audit chain's head stays %s\n"
                "rewriting the study's file without the pages their texts were in...\n",
                ctx->args[0], r->head_before[0] ? r->head_before : "(none)");
        return;
    }
    fprintf(stderr,
            "erased the diaries of %s: %lld entries, %lld double-entry copies, %lld drafts;"
            " their texts taken out of %lld audit records\n"
            "the audit chain was sealed again: its head was %s, it is now %s (the erasure's"
            " record names the old one)\n"
            "rewriting the study's file without the pages their texts were in (if this is"
            " stopped, run the same erasure again to finish it)...\n",
            ctx->args[0], (long long)r->entries, (long long)r->copies, (long long)r->drafts,
            (long long)r->records, r->head_before[0] ? r->head_before : "(none)", r->head_after);
}

int cmd_participant_erase(cli *ctx, int argc, char **argv)
{
    const char *reason = NULL;
    const cn_option options[] = {
        CN_OPT_STRING("--reason", "TEXT", &reason,
                      "why, for the audit trail (\"consent withdrawn on 2025-09-01\")"),
        CN_OPT_END(),
    };
    ctx->cmd.options = options;
    if (!cli_parse(ctx, argc, argv))
        return ctx->status;
    cn_error err = {0};
    cn_erase_result r;
    if (cn_erase_participant(ctx->store, ctx->args[0], reason, say_erased, ctx, &r, &err) < 0)
        return cli_fail(ctx, &err);
    fputs("the study's file is rewritten: no page of it keeps their texts\n", stderr);
    say_copies(ctx, "the texts", "", ": delete them");
    return CLI_OK;
}

int cmd_participant_recode(cli *ctx, int argc, char **argv)
{
    const char *reason = NULL;
    bool forget = false;
    const cn_option options[] = {
        CN_OPT_STRING("--reason", "TEXT", &reason,
                      "why, for the audit trail (\"a slip at enrolment\")"),
        CN_OPT_FLAG("--forget", &forget,
                    "take the old code out of the audit trail and the file too (a code that may"
                    " identify)"),
        CN_OPT_END(),
    };
    ctx->cmd.options = options;
    if (!cli_parse(ctx, argc, argv))
        return ctx->status;
    cn_error err = {0};
    cn_recode_result r;
    const char *old_code = ctx->args[0], *new_code = ctx->args[1];
    if (cn_recode_participant(ctx->store, old_code, new_code, reason, forget, &r, &err) < 0)
        return cli_fail(ctx, &err);
    if (r.nothing) {
        fprintf(stderr,
                "participant %s has had no other code: nothing to forget; the study's"
                " file was rewritten without its freed pages\n",
                old_code);
        return CLI_OK;
    }
    if (strcmp(old_code, new_code) == 0) /* --forget of the earlier codes alone */
        fprintf(stderr, "participant %s keeps its code", old_code);
    else
        fprintf(stderr, "participant %s is now %s", old_code, new_code);
    if (r.replacing)
        fprintf(stderr, " (and so in the replaces of %lld participant%s)", (long long)r.replacing,
                r.replacing == 1 ? "" : "s");
    fputc('\n', stderr);
    if (forget) {
        fprintf(stderr,
                "the old code was taken out of %lld audit records; the audit chain was sealed"
                " again from record %lld (the recode's record says so), its head is now %s\n",
                (long long)r.records, (long long)r.rewritten_from, r.head_after);
        if (r.left_in_trail)
            fprintf(stderr,
                    "carnet-collect: warning: %lld audit records still hold an old code in a"
                    " value that does not name the participant (a site, a typist, a reason typed"
                    " by hand, a diary's text before a change): the trail keeps them\n",
                    (long long)r.left_in_trail);
        if (r.left_in_texts)
            fprintf(stderr,
                    "carnet-collect: warning: %lld diary texts (entries, drafts, double-entry"
                    " copies) hold an old code, and an export writes the entries' out: correct"
                    " them (entry edit) if it identifies\n",
                    (long long)r.left_in_texts);
    }
    say_copies(ctx, "the old code", ", the team's batch files", "");
    cn_participant p; /* the new code may identify as well: said as add says it */
    if (cn_participant_get(ctx->store, new_code, &p, &err) == 1)
        warn_identifying(ctx, &p);
    return CLI_OK;
}
