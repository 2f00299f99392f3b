/* cmd_check.c — carnet-collect check: protocol alerts for the research team, and the
 * verification of the audit trail.
 * Exit status: 0 even with protocol alerts (they are the team's daily work); 1 when the audit
 * does not hold, after every alert is printed, so that a scheduled check cannot miss it. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "carnet/audit.h"
#include "carnet/check.h"
#include "carnet/dde.h"
#include "cli.h"

static const char *days_word(int n)
{
    return n == 1 ? "day" : "days";
}

static void print_alert(const cn_alert *a, int lost_after_days)
{
    char date[CN_DATE_TEXT];
    cn_date_format(a->date, date);
    switch (a->kind) {
    case CN_ALERT_SILENT:
        printf("silent   %-10s no entry for %d %s (since %s, limit %d): candidate for"
               " replacement\n",
               a->code, a->days, days_word(a->days), date, lost_after_days);
        break;
    case CN_ALERT_OVERDUE:
        printf("overdue  %-10s diary period ended %s, %d %s ago, not handed back\n", a->code, date,
               a->days, days_word(a->days));
        break;
    case CN_ALERT_OUTSIDE:
        printf("outside  %-10s entry %lld on %s is %d %s after the end of the diary period\n",
               a->code, (long long)a->entry_id, date, a->days, days_word(a->days));
        break;
    case CN_ALERT_REPLACED:
        printf("replaced %-10s active, yet replaced by %s: set its status (lost, withdrawn) or "
               "remove the replacement\n",
               a->code, a->by);
        break;
    case CN_ALERT_CONTROL:
        printf("control  %-10s entry %lld on %s holds the control character U+%04X: edit it "
               "(carnet-collect entry edit %lld)\n",
               a->code, (long long)a->entry_id, date, a->code_point, (long long)a->entry_id);
        break;
    case CN_ALERT_BLANK:
        printf("blank    %-10s entry %lld on %s holds no visible character (the first U+%04X): "
               "type its text from the notebook (carnet-collect entry edit %lld)\n",
               a->code, (long long)a->entry_id, date, a->code_point, (long long)a->entry_id);
        break;
    case CN_ALERT_UNDATED:
        printf("undated  %-10s handed back, with no date: whether it came back late cannot be "
               "counted (the period ended %s); set it with --handed-back DATE\n",
               a->code, date);
        break;
    case CN_ALERT_RETURNED:
        printf("returned %-10s entry %lld on %s is %d %s after the diary came back: correct "
               "the day it came back (participant set %s --handed-back DATE) or the entry's "
               "(entry redate %lld DATE)\n",
               a->code, (long long)a->entry_id, date, a->days, days_word(a->days), a->code,
               (long long)a->entry_id);
        break;
    case CN_ALERT_SITE:
        if (a->spaces)
            printf("site     %-10s '%s' holds spaces or invisible characters no one can type "
                   "again: write it '%s' (participant set %s --site '%s')\n",
                   a->code, a->site, a->other, a->code, a->other);
        else if (a->other[0])
            printf("site     %-10s '%s' is another spelling of the cohort *site_%s: write it "
                   "'%s', as most of its participants do\n",
                   a->code, a->site, a->cohort, a->other);
        else
            printf("site     %-10s '%s' has no Latin letter or digit to name its cohort: write "
                   "it in Latin letters\n",
                   a->code, a->site);
        break;
    }
}

int cmd_check(cli *ctx, int argc, char **argv)
{
    bool final_only = false, all_entries = false;
    const cn_option options[] = {
        CN_OPT_FLAG("--final-only", &final_only,
                    "alerts on final entries only (the default in a double-entry study)"),
        CN_OPT_FLAG("--all-entries", &all_entries,
                    "with entries typed once or not reconciled yet (double entry)"),
        CN_OPT_END(),
    };
    ctx->cmd.options = options;
    if (!cli_parse(ctx, argc, argv))
        return ctx->status;
    cn_error err = {0};
    cn_study study;
    cn_alert *alerts = NULL;
    size_t n = 0;
    /* The audit is verified on every entry: the final-only view is dropped before. */
    if (cn_store_study(ctx->store, &study, &err) < 0 ||
        cli_entries_scope(ctx, final_only, all_entries, &err) < 0 ||
        cn_check_run(ctx->store, ctx->today, &alerts, &n, &err) < 0 ||
        cn_dde_final_only(ctx->store, false, &err) < 0) {
        free(alerts);
        return cli_fail(ctx, &err);
    }
    cn_audit_verdict audit;
    if (cn_audit_verify(ctx->store, &audit, &err) < 0) {
        free(alerts);
        return cli_fail(ctx, &err);
    }
    cn_identity_alert *identifying = NULL;
    size_t nidentifying = 0;
    if (cn_check_identifying(ctx->store, true, &identifying, &nidentifying, &err) < 0) {
        free(alerts);
        return cli_fail(ctx, &err);
    }
    for (size_t i = 0; i < n; i++)
        print_alert(&alerts[i], study.lost_after_days);
    /* a code, site or text that may identify: one line each, after the protocol's alerts */
    for (size_t i = 0; i < nidentifying; i++) {
        for (char *line = identifying[i].message, *next; line; line = next) {
            next = strchr(line, '\n');
            if (next)
                *next++ = '\0';
            printf("identify %-10s %s\n", identifying[i].code, line);
            n++;
        }
    }
    free(identifying);
    if (!audit.holds) {
        printf("audit    the audit does not hold: %s (see 'audit --verify')\n", audit.problem);
        n++;
    }
    free(alerts);
    /* the count after the alerts it counts, once they are written */
    if (cli_flush_output(ctx, &err) < 0)
        return cli_fail(ctx, &err);
    char today[CN_DATE_TEXT];
    cn_date_format(ctx->today, today);
    fprintf(stderr, "%zu alert%s as of %s\n", n, n == 1 ? "" : "s", today);
    return audit.holds ? CLI_OK : CLI_ERROR;
}
