/* desk_internal.h — what the desk's files share: the desk itself, the assets compiled in,
 * and the context of one request while its page is built. Not a public header. */
#ifndef CARNET_DESK_INTERNAL_H
#define CARNET_DESK_INTERNAL_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>
#include <time.h>

#include "carnet/date.h"
#include "carnet/dde.h"
#include "carnet/desk.h"
#include "carnet/html.h"
#include "carnet/entry.h"
#include "carnet/participant.h"

struct cn_desk {
    cn_store *store;
    bool pinned; /* today is today_text, not the clock's */
    char today_text[CN_DATE_TEXT];
    char token[CN_DESK_SECRET_HEX]; /* one-time: cleared once used */
    bool token_used;
    char session[CN_DESK_SECRET_HEX];
    char cookie_name[CN_DESK_COOKIE_MAX];
    char base[CN_DESK_BASE_MAX]; /* "" or "/d" and 32 hex: the pages' secret prefix */
    char csrf[CN_DESK_SECRET_HEX];
    /* what GET /alive answers, and what the session's pages expect it to: a page checks the
     * desk is there, not a program that took its port, before it sends a diary's text */
    char alive[CN_DESK_SECRET_HEX];
    char typist[CN_TYPIST_MAX]; /* double entry: who types at this desk, "" until given */
    /* Themes (desk_themes.c): where runs go, the program, the one run at a time. */
    char runs_dir[4096]; /* "DB.runs", "" when not set */
    char analyse[4096];
    pid_t run_pid; /* 0 when none runs */
    int run_status;
    time_t run_started;
    char run_name[64];
};

/* desk_assets.c, generated from desk/assets by embed.cmake. */
typedef struct desk_asset {
    const char *name; /* "desk.css": served as /assets/desk.css */
    const unsigned char *data;
    size_t len;
} desk_asset;
extern const desk_asset desk_assets[]; /* ends with a NULL name */

/* One request being answered. */
typedef struct desk_ctx {
    cn_desk *desk;
    const cn_desk_request *req;
    cn_desk_response *resp;
    cn_html h;
    cn_date today;
    bool in_session; /* the request has the session: pages may show the study's name */
    /* the request came under a scoped desk's secret prefix: its pages' links and redirects
     * carry it. An answer to any other request must not, or it gives the prefix away
     * (trial 53: the 404's menu did) */
    bool scoped;
    char *owned[32]; /* form values read by desk_form, freed after the answer */
    size_t nowned;
} desk_ctx;

/* A form field of the POST body, or a query parameter (NULL when absent); owned by ctx. */
const char *desk_form(desk_ctx *c, const char *name);
/* desk_form without the spaces around the value: a date typed with a trailing space is the
 * date (trial 33), not "a date with a time". */
const char *desk_form_trimmed(desk_ctx *c, const char *name);
const char *desk_query(desk_ctx *c, const char *name);

/* Page frame: title (escaped), the navigation, then the caller's content, then the end. */
void desk_page_begin(desk_ctx *c, const char *title);
void desk_page_end(desk_ctx *c);
/* ` lang="fr"` into attr: the attribute of an element holding the diary text of
 * participant code, in their language (else the study's), so that a screen reader reads it
 * in that language and not in the desk's English (trial 48), with ` dir="rtl"` for a
 * language written from right to left (trial 80: Arabic diaries were laid out left to
 * right, the caret and punctuation on the wrong side); "" when it cannot be told.
 * Returns attr. */
#define DESK_LANG_ATTR (CN_LANG_MAX + 32)
const char *desk_text_lang(desk_ctx *c, const char *code, char attr[DESK_LANG_ATTR]);
/* The word for a count: one when n is 1, else many ("1 day", "2 days"). */
const char *desk_plural(long long n, const char *one, const char *many);
/* The hidden CSRF field of a form. */
void desk_csrf_field(desk_ctx *c);
/* The attributes of a field whose error line (desk_error_line) has id ID: a screen reader
 * says the field is wrong and reads why. */
#define DESK_INVALID(ID) " aria-invalid=\"true\" aria-describedby=\"" ID "\""

/* A refusal under what it is about (id names it for the page's script and tests); none
 * when message is NULL. */
void desk_error_line(cn_html *h, const char *id, const char *message);
/* Finishes the answer: status, and the page built in c->h as its body. */
int desk_send_page(desk_ctx *c, int status);
/* A redirect after a POST (303), to a path built by the program. */
int desk_redirect(desk_ctx *c, const char *location);
/* A short page saying what was refused and why. */
int desk_refuse(desk_ctx *c, int status, const char *title, const char *why);
/* A form that could not be stored because the study could not be read or written (err: a
 * lock held too long, 503; a read-only study or anything else, 500): said, with the text
 * typed shown back in a form that sends it again (its other fields too), so that a save met by
 * another program's long write loses nothing (trial 50: the page had no form, no text). */
int desk_unsaved(desk_ctx *c, const cn_error *err);
/* A failure of the library while building a page: said on the page, not hidden (desk_pages.c). */
int desk_fail_page(desk_ctx *c, const cn_error *err);
/* "Entries 101–200 of 250" and links to the first, previous, next and last of the pages
 * of per items (n in all), as ?QUERYpage=N (query: "order=newest&", escaped here); nothing
 * when they fit in one (desk_pages.c). */
void desk_pages_nav(desk_ctx *c, const char *what, size_t n, size_t per, size_t page,
                    const char *query);
/* The page asked (?page=N, kept within the pages of per items, n in all), else fallback. */
size_t desk_page_asked(desk_ctx *c, size_t n, size_t per, size_t fallback);

/* A status as people say it ("handed back"), and the 404 page of an unknown participant's
 * code (desk_participants.c). */
const char *desk_status_words(const char *name);
int desk_unknown_participant(desk_ctx *c, const char *code);
/* The hidden fields of a form that writes the fields of p given as bits (1u << cn_pfield):
 * their values as the form was made, so that a save over a record changed since is refused
 * (cn_participant_set_based) rather than undoing the change (desk_participants.c). */
void desk_participant_base(desk_ctx *c, const cn_participant *p, unsigned fields);

/* The pages (desk_pages.c, desk_participants.c, desk_entry.c): each answers the request. */
int desk_dashboard(desk_ctx *c);
int desk_participants(desk_ctx *c);
int desk_participant_add(desk_ctx *c);
int desk_participant(desk_ctx *c, const char *code);
int desk_participant_edit(desk_ctx *c, const char *code);
int desk_entry_form(desk_ctx *c, const char *code);
int desk_entry_save(desk_ctx *c, const char *code);
int desk_draft_save(desk_ctx *c, const char *code);
int desk_entry_edit(desk_ctx *c, long long id);

/* Double data entry (desk_dde.c): whether the study uses it; the typist's name in the header;
 * the page asking for it; the dashboard's entries not final; the reconciliation page. */
bool desk_dde_on(desk_ctx *c);
void desk_dde_nav(desk_ctx *c);
int desk_typist(desk_ctx *c);
void desk_dde_dashboard(desk_ctx *c);
int desk_reconcile(desk_ctx *c, long long id);
/* Importing a file with a preview (desk_import.c). */
int desk_import(desk_ctx *c);
/* Exports as downloads (desk_export.c): the page, the corpus, a table. */
int desk_export(desk_ctx *c);
int desk_export_corpus(desk_ctx *c);
int desk_export_table(desk_ctx *c, bool entries);
/* A corpus export's options from a form, parsed by export.c's own calls as `export corpus`
 * parses them: the variables (vars "" for the defaults), then the conditions, one a line
 * of where; 0, or -1 with *field naming the field that failed ("vars" or "where"). */
struct cn_corpus_options;
int desk_corpus_options(cn_store *store, const char *vars, const char *where,
                        struct cn_corpus_options *opt, const char **field, cn_error *err);
/* The study's settings; double data entry switched on or off (desk_settings.c). */
int desk_settings(desk_ctx *c);
/* The audit trail, filtered (desk_audit.c). */
int desk_audit(desk_ctx *c);
/* Themes (desk_themes.c): the form and the start of a run; the page lists the runs. */
int desk_themes(desk_ctx *c);
/* Whether the desk's current run still runs; reaps its process once it ended. */
bool desk_run_active(cn_desk *d);
/* In a run's folder: its process id (a desk started again, after a crash or by a second
 * person, listed a running analysis as "ended without results" and deleted it under the
 * program writing it: trial 76), and what it was asked for (a line "by VAR", one "where
 * COND" a condition, "all" for the entries not final: the run's manifest says its
 * arguments, but only once it ran, and not "all"). */
#define DESK_RUN_PID "run.pid"
#define DESK_RUN_REQUEST "request.txt"
/* Beside a run's corpus: each text's entry id, a line each (cn_corpus_options.entry_ids);
 * the run's request.txt says "audit N", the audit trail's records when it was exported. */
#define DESK_RUN_ENTRIES "entries.txt"
/* The runs (desk_runs.c): a run's name as the desk makes it ("run-", digits and dashes);
 * the list of runs on the Themes page; a run's page; POST /themes/NAME/delete (the run's
 * folder removed, unless it runs); one file of a run's output. */
bool desk_run_name_ok(const char *name);
void desk_runs_list(desk_ctx *c);
/* Whether a run of the study runs, this desk's or another's (its run.pid), its name into
 * name: one at a time, whichever desk started it (trial 81: two desks ran two). */
bool desk_runs_running(cn_desk *d, char *name, size_t size);
int desk_run(desk_ctx *c, const char *name);
int desk_run_delete(desk_ctx *c, const char *name);
int desk_run_file(desk_ctx *c, const char *name, const char *rel);
/* An entry's double-entry state for the diary, into state: 0 when typed once only (no double
 * entry), 1 final, 2 not final (its text is then not shown), negative on error. */
int desk_dde_entry_state(desk_ctx *c, const cn_entry *e, char *state, size_t size);

/* The timeline of a participant's diary as inline SVG (desk_timeline.c). */
void desk_timeline(desk_ctx *c, const cn_participant *p, int diary_months, const cn_date *dates,
                   size_t n);

#endif
