/* import_recoded.c — a participants file's rows for people the study already holds under
 * another code (see import_internal.h): recoded without --forget where the file was
 * exported (its earlier_codes column, fields.h), or alike to one stored, as a recode with
 * --forget there leaves them. Before, either added the person a second time, and the
 * entries file their diary again (trial 74). */
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

int cn_import_note_listed(importer *im, const cn_participant *p, bool stored, cn_error *err)
{
    if (cn_grow((void **)&im->listed, &im->listed_cap, im->nlisted + 1, sizeof *im->listed) < 0)
        return cn_error_nomem(err);
    im->listed[im->nlisted++] = (struct listed){.id = p->id, .stored = stored};
    snprintf(im->listed[im->nlisted - 1].site, CN_SITE_MAX, "%s", p->site);
    return 0;
}

/* Every participant stored before this import (id < before) with p's gender, birth year,
 * dates and site under another code, in id order, appended to a->others. */
static int alike_stored(importer *im, const cn_participant *p, int64_t before, struct alike *a,
                        cn_error *err)
{
    int64_t after = 0;
    for (;;) {
        char code[CN_CODE_MAX];
        cn_participant other;
        int found = cn_participant_alike(im->store, p, after, before, code, err);
        if (found > 0)
            found = cn_participant_get(im->store, code, &other, err);
        if (found <= 0)
            return found;
        if (cn_grow((void **)&a->others, &a->others_cap, a->nothers + 1, sizeof *a->others) < 0)
            return cn_error_nomem(err);
        a->others[a->nothers++] = other;
        after = other.id;
    }
}

int cn_import_note_alike(importer *im, const cn_participant *p, const char *where, cn_error *err)
{
    if (im->opt->allow_alike)
        return 0;
    struct alike a = {0};
    int rc =
        alike_stored(im, p, im->first_participant ? im->first_participant : INT64_MAX, &a, err);
    if (rc < 0 || a.nothers == 0) {
        free(a.others);
        return rc;
    }
    if (cn_grow((void **)&im->alikes, &im->alikes_cap, im->nalikes + 1, sizeof *im->alikes) < 0 ||
        !(a.where = strdup(where))) {
        free(a.others);
        return cn_error_nomem(err);
    }
    snprintf(a.code, sizeof a.code, "%s", p->code);
    im->alikes[im->nalikes++] = a;
    return 0;
}

/* Whether the file lists the stored participant of id, or a participant stored before it
 * of site (a re-export of that site, not a batch of new people), as ->listed noted. */
static bool file_lists(const importer *im, int64_t id, const char *site, bool by_site)
{
    for (size_t i = 0; i < im->nlisted; i++)
        if (by_site ? im->listed[i].stored && strcmp(im->listed[i].site, site) == 0
                    : im->listed[i].id == id)
            return true;
    return false;
}

/* The first participant alike to a whom the file does not list and no row before it was
 * paired with (claimed), while it lists others of their site; NULL for none. */
static cn_participant *unlisted_alike(const importer *im, const struct alike *a)
{
    for (size_t k = 0; k < a->nothers; k++) {
        cn_participant *o = &a->others[k];
        if (o->id > 0 && !file_lists(im, o->id, NULL, false) && file_lists(im, 0, o->site, true))
            return o;
    }
    return NULL;
}

int cn_import_settle_alike(importer *im, cn_error *err)
{
    for (size_t i = 0; i < im->nalikes; i++) {
        const struct alike *a = &im->alikes[i];
        /* listed: still there under their code, not the one recoded (trial 96: a site's
         * enrolment day gives many participants alike); no other of their site listed: a
         * batch of new people, which says nothing of those not in it. Every one alike is
         * asked, each paired with one row at most (trial 97: the first alike alone was, and
         * the second of an enrolment day, recoded, came back twice) */
        cn_participant *o = unlisted_alike(im, a);
        if (!o)
            continue;
        cn_error_code(err, CN_EDUPLICATE,
                      "%s: %s has the gender, birth year, dates and site of %s, whom the study"
                      " holds and this export of their site no longer lists: the same person,"
                      " recoded with --forget where the file comes from? If so (compare entry"
                      " list %s with the site's), give them this code here first (participant"
                      " recode %s %s --forget --reason ...) and import again; if they are two"
                      " people, import with --allow-alike (on the desk, the box for"
                      " participants alike to one the study has)",
                      a->where, a->code, o->code, o->code, o->code, a->code);
        int64_t claimed = o->id;
        for (size_t j = i; j < im->nalikes; j++) /* paired: no later row is offered them */
            for (size_t k = 0; k < im->alikes[j].nothers; k++)
                if (im->alikes[j].others[k].id == claimed)
                    im->alikes[j].others[k].id = 0;
        if (cn_import_note_row(im, err->code, err) < 0)
            return -1;
    }
    return 0;
}

void cn_import_recoded_free(importer *im)
{
    for (size_t i = 0; i < im->nalikes; i++) {
        free(im->alikes[i].where);
        free(im->alikes[i].others);
    }
    free(im->alikes);
    free(im->listed);
}
