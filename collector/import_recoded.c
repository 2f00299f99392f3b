/* import_recoded.c — a participants file's rows for people the study already holds under
 * another code (see import_internal.h): recoded without --forget where the file was
 * exported (its earlier_codes column, fields.h), or with --forget, which only the export's
 * silence on them tells (a participant is never deleted). Before, either came back as
 * someone new, and the entries file filed their diary a second time (trial 74). */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "carnet/fields.h"
#include "carnet/grow.h"
#include "carnet/participant.h"
#include "carnet/recode.h"
#include "import_internal.h"
#include "store_internal.h"

/* The participant here under code in any case (codes are unique in any case: a spreadsheet
 * retyped p01 for P01, trial 95): 1 with *out, 0, or -1. */
static int get_any_case(cn_store *store, const char *code, cn_participant *out, cn_error *err)
{
    char twin[CN_CODE_MAX];
    int found = cn_participant_get(store, code, out, err);
    if (found == 0 && (found = cn_participant_case_twin(store, code, twin, err)) > 0)
        found = cn_participant_get(store, twin, out, err);
    return found;
}

/* The participant here under one of row p's earlier codes (codes, cut up in place), in
 * any case, of p's site: 1 with *here, 0 when none, -1 with a message naming the row (a
 * code that is none, or two such participants, one person in the file). One of another
 * site goes into *other (other->code "" for none): another site may have given the code
 * again to someone else (trial 95: a Lyon woman was recoded as a Paris man), or the person
 * moved. The other fields are not asked: a birth year or a date corrected at the site
 * made the person someone new, added with their diary a second time (trial 96). */
static int earlier_here(importer *im, const cn_participant *p, char *codes, cn_participant *here,
                        cn_participant *other, const char *where, cn_error *err)
{
    int had = 0;
    char *save = NULL;
    other->code[0] = '\0';
    for (char *code = strtok_r(codes, " ", &save); code; code = strtok_r(NULL, " ", &save)) {
        if (cn_participant_check_code(code, err) < 0)
            return cn_error_prefix(err, "%s: " CN_PF_EARLIER_COLUMN, where);
        cn_participant e;
        int found = strcasecmp(code, p->code) == 0 ? 0 : get_any_case(im->store, code, &e, err);
        if (found < 0)
            return -1;
        if (found && strcmp(e.site, p->site) != 0 && !other->code[0])
            *other = e;
        if (!found || strcmp(e.site, p->site) != 0 || (had && strcmp(here->code, e.code) == 0))
            continue;
        if (had)
            return cn_error_code(err, CN_EDUPLICATE,
                                 "%s: " CN_PF_EARLIER_COLUMN ": %s and %s are two participants"
                                 " here, and earlier codes of %s, one person, in this file",
                                 where, here->code, e.code, p->code);
        *here = e;
        had = 1;
    }
    return had;
}

/* Refused when one of row p's earlier codes was recoded here to another code than p's,
 * for a participant of p's site: one person under two codes in two studies. */
static int refuse_recoded_here(importer *im, const cn_participant *p, char *codes,
                               const char *where, cn_error *err)
{
    char *save = NULL, owner[CN_CODE_MAX];
    for (char *code = strtok_r(codes, " ", &save); code; code = strtok_r(NULL, " ", &save)) {
        cn_participant o;
        int had = cn_recode_earlier_owner(im->store, code, 0, owner, err);
        if (had > 0 && strcasecmp(owner, p->code) != 0)
            had = cn_participant_get(im->store, owner, &o, err);
        if (had < 0)
            return -1;
        if (had > 0 && strcasecmp(owner, p->code) != 0 && strcmp(o.site, p->site) == 0)
            return cn_error_code(
                err, CN_EDUPLICATE,
                "%s: %s was %s before a recode where this file comes from, and %s is %s here"
                " since a recode: one person under two codes; give them one code in both studies"
                " (here: participant recode %s %s --reason ...) and import again",
                where, p->code, code, code, owner, owner, p->code);
    }
    return 0;
}

int cn_import_follow_earlier(importer *im, const cn_participant *p, const char *codes,
                             const char *where, char *was, cn_error *err)
{
    char list[CN_PF_EARLIER_MAX];
    was[0] = '\0';
    if (!codes || !*codes)
        return 0;
    if (strlen(codes) >= sizeof list)
        return cn_error_code(err, CN_EINVALID, "%s: " CN_PF_EARLIER_COLUMN ": longer than %d bytes",
                             where, CN_PF_EARLIER_MAX - 1);
    snprintf(list, sizeof list, "%s", codes);
    cn_participant here, other, self;
    int had = earlier_here(im, p, list, &here, &other, where, err);
    int found = had < 0 ? -1 : cn_participant_get(im->store, p->code, &self, err);
    if (found < 0)
        return -1;
    if (!had && other.code[0] && !found && !im->opt->allow_alike)
        return cn_error_code(
            err, CN_EDUPLICATE,
            "%s: %s was %s where the file was exported, and %s here is a participant of"
            " another site ('%s', not '%s'): if they are one person, give %s here the file's"
            " site first (participant set %s --site ...) and import again; if %s here is someone"
            " else (the code given again at another site), import with --allow-alike",
            where, p->code, other.code, other.code, other.site, p->site, other.code, other.code,
            other.code);
    if (!had) {
        snprintf(list, sizeof list, "%s", codes);
        return refuse_recoded_here(im, p, list, where, err);
    }
    if (found) /* the copy an import of before made: no command takes it out alone */
        return cn_error_code(err, CN_EDUPLICATE,
                             "%s: %s and %s are two participants here, one person in this file"
                             " (%s was %s before a recode where it was exported): added twice"
                             " by an import of before; build the merged study again from the"
                             " sites' exports of now",
                             where, p->code, here.code, p->code, here.code);
    char reason[4300];
    snprintf(reason, sizeof reason, "recoded so in the study the import %s comes from", where);
    cn_recode_result r;
    if (cn_recode_participant(im->store, here.code, p->code, reason, false, &r, err) < 0)
        return cn_error_prefix(err, "%s: ", where);
    if (im->result->participants_recoded++ == 0)
        snprintf(im->result->recoded_first, sizeof im->result->recoded_first, "%s is %s", here.code,
                 p->code);
    snprintf(was, CN_CODE_MAX, "%s", here.code);
    return 1;
}

int cn_import_note_listed(importer *im, const cn_participant *p, bool stored, const char *was,
                          cn_error *err)
{
    if (cn_grow((void **)&im->listed, &im->listed_cap, im->nlisted + 1, sizeof *im->listed) < 0)
        return cn_error_nomem(err);
    struct listed *l = &im->listed[im->nlisted++];
    *l = (struct listed){.id = p->id, .stored = stored};
    snprintf(l->site, sizeof l->site, "%s", p->site);
    snprintf(l->code, sizeof l->code, "%s", p->code);
    snprintf(l->was, sizeof l->was, "%s", was);
    return 0;
}

const char *cn_import_code_before(const importer *im, const char *code)
{
    for (size_t i = 0; i < im->nlisted; i++) /* the rows recoded are few: a scan */
        if (im->listed[i].was[0] && strcmp(im->listed[i].code, code) == 0)
            return im->listed[i].was;
    return NULL;
}

static int compare_ids(const void *a, const void *b)
{
    int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;
    return (x > y) - (x < y);
}

/* Whether ids (n, sorted) holds id: the participants the file's rows are. */
static bool file_lists(const int64_t *ids, size_t n, int64_t id)
{
    return bsearch(&id, ids, n, sizeof *ids, compare_ids) != NULL;
}

/* Appends to out (size bytes) the codes of participants of site stored before this import
 * that the file does not list, ", "-separated (8 at most), counting them in *n; -1 on
 * error. */
static int unlisted_of(importer *im, const int64_t *ids, const char *site, char *out, size_t size,
                       size_t *n, cn_error *err)
{
    sqlite3_stmt *s;
    if (cn_store_prepare(im->store,
                         "SELECT id, code FROM participant WHERE site = ?1 AND id < ?2 ORDER BY id",
                         &s, err) < 0)
        return -1;
    sqlite3_bind_text(s, 1, site, -1, SQLITE_STATIC);
    sqlite3_bind_int64(s, 2, im->first_participant ? im->first_participant : INT64_MAX);
    int step;
    while ((step = sqlite3_step(s)) == SQLITE_ROW) {
        if (file_lists(ids, im->nlisted, sqlite3_column_int64(s, 0)))
            continue;
        size_t used = strlen(out);
        if ((*n)++ < 8)
            snprintf(out + used, size - used, "%s%s", used ? ", " : "",
                     (const char *)sqlite3_column_text(s, 1));
    }
    int rc = step == SQLITE_DONE ? 0 : cn_store_failure(im->store, err);
    sqlite3_finalize(s);
    return rc;
}

/* The codes of the participants this import added at site, ", "-separated, into out. */
static void added_at(const importer *im, const char *site, char *out, size_t size)
{
    out[0] = '\0';
    for (size_t i = 0, n = 0; i < im->nlisted; i++) {
        const struct listed *l = &im->listed[i];
        size_t used = strlen(out);
        if (!l->stored && strcmp(l->site, site) == 0 && n++ < 8)
            snprintf(out + used, size - used, "%s%s", used ? ", " : "", l->code);
    }
}

/* Whether a participant the import added at site has the gender, birth year and dates of
 * a stored one of code (who may be them, recoded with --forget). */
static int added_alike(importer *im, const char *code, const char *site, cn_error *err)
{
    cn_participant o, a;
    int found = cn_participant_get(im->store, code, &o, err);
    for (size_t i = 0; found > 0 && i < im->nlisted; i++) {
        const struct listed *l = &im->listed[i];
        if (l->stored || strcmp(l->site, site) != 0)
            continue;
        int got = cn_participant_get(im->store, l->code, &a, err);
        if (got < 0)
            return -1;
        if (got && a.gender == o.gender && a.birth_year == o.birth_year &&
            a.care_start == o.care_start && a.consent == o.consent)
            return 1;
    }
    return found < 0 ? -1 : 0;
}

/* The sites of the file's rows, each once (a study has few), into *sites (malloc'd). */
static int sites_listed(const importer *im, const char ***sites, size_t *n)
{
    *sites = malloc((im->nlisted ? im->nlisted : 1) * sizeof **sites);
    *n = 0;
    if (!*sites)
        return -1;
    for (size_t i = 0; i < im->nlisted; i++) {
        size_t k = 0;
        while (k < *n && strcmp((*sites)[k], im->listed[i].site) != 0)
            k++;
        if (k == *n)
            (*sites)[(*n)++] = im->listed[i].site;
    }
    return 0;
}

/* The refusal of the participants of site stored before the import that the file does not
 * list (codes, n of them), naming the file's new participants there. */
static int refuse_unlisted(importer *im, const char *site, const char *codes, size_t n,
                           cn_error *err)
{
    char added[400];
    added_at(im, site, added, sizeof added);
    const char *q = site[0] ? "'" : "", *name = site[0] ? site : "no site";
    char one[CN_CODE_MAX]; /* the first of them */
    snprintf(one, sizeof one, "%.*s", (int)strcspn(codes, ","), codes);
    int alike = added_alike(im, one, site, err);
    if (alike < 0)
        return -1;
    if (!alike) /* no new one alike: most likely participants of that site from elsewhere
                 * (trial 99: two studies without sites, told to recode one as the other) */
        return cn_error_code(
            err, CN_EDUPLICATE,
            "%s: the study holds %zu participant%s of %s%s%s that this export of its"
            " participants does not list (%s%s), and none of its new participants there has"
            " their gender, birth year and dates: if the study holds them from another study or"
            " file, import with --partial; if the site recoded one with --forget and corrected"
            " them too, give them their code there here first (participant recode OLD NEW"
            " --forget --reason ...) and import again",
            im->path, n, n == 1 ? "" : "s", q, name, q, codes, n > 8 ? ", ..." : "");
    return cn_error_code(
        err, CN_EDUPLICATE,
        "%s: the study holds %zu participant%s of %s%s%s that this export of its participants"
        " does not list (%s%s): a participant is never deleted, so each has another code there"
        " now, from a recode with --forget (the file's new participants there: %s; compare"
        " their diaries): give it to them here (participant recode OLD NEW --forget --reason"
        " ...) and import again; if the file is not the whole list of %s%s%s (the study holds"
        " some from elsewhere), import with --partial",
        im->path, n, n == 1 ? "" : "s", q, name, q, codes, n > 8 ? ", ..." : "", added, q, name, q);
}

int cn_import_settle_unlisted(importer *im, cn_error *err)
{
    /* a row refused already fails the file, and says why first */
    if (!im->is_export || im->opt->partial || im->nrefused > 0 || im->nlisted == 0)
        return 0;
    int64_t *ids = malloc(im->nlisted * sizeof *ids); /* sorted: a 40,000-row export */
    const char **sites = NULL;
    size_t nsites = 0;
    if (!ids || sites_listed(im, &sites, &nsites) < 0) {
        free(ids);
        return cn_error_nomem(err);
    }
    for (size_t i = 0; i < im->nlisted; i++)
        ids[i] = im->listed[i].id;
    qsort(ids, im->nlisted, sizeof *ids, compare_ids);
    int rc = 0;
    for (size_t k = 0; rc == 0 && k < nsites; k++) {
        char codes[400] = "";
        size_t n = 0;
        rc = unlisted_of(im, ids, sites[k], codes, sizeof codes, &n, err);
        if (rc == 0 && n > 0)
            rc = refuse_unlisted(im, sites[k], codes, n, err);
    }
    free(ids);
    free(sites);
    return rc;
}

void cn_import_recoded_free(importer *im)
{
    free(im->listed);
}
