/* concentration.c — how many participants give each class, and the largest one's share
 * (see concentration.h). */
#include <cjson/cJSON.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "carnet/concentration.h"
#include "carnet/grow.h"

void cn_concentration_free(cn_concentration *c)
{
    cn_intern_free(c->codes);
    free(c->classes);
    memset(c, 0, sizeof *c);
}

const char *cn_concentration_largest(const cn_concentration *c, uint32_t k)
{
    if (!c->available || k < 1 || k > c->nclasses || c->classes[k - 1].largest == CN_INTERN_NONE)
        return "";
    return cn_intern_str(c->codes, c->classes[k - 1].largest);
}

void cn_concentration_json(cJSON *root, const cn_concentration *c)
{
    if (!c)
        return;
    cJSON *o = cJSON_AddObjectToObject(root, "participants");
    cJSON_AddStringToObject(o, "variable", c->var);
    cJSON_AddBoolToObject(o, "available", c->available);
    if (!c->available) {
        char note[160];
        snprintf(note, sizeof note, "no text has a *%s_ variable: participants not counted",
                 c->var);
        cJSON_AddStringToObject(o, "note", note);
        return;
    }
    cJSON_AddNumberToObject(o, "over_half_threshold", CN_CONCENTRATION_OVER);
    cJSON *flagged = cJSON_AddArrayToObject(o, "classes_over_half");
    for (uint32_t k = 1; k <= c->nclasses; k++)
        if (c->classes[k - 1].over_half)
            cJSON_AddItemToArray(flagged, cJSON_CreateNumber(k));
    cJSON_AddNumberToObject(o, "modalities_of_one_participant", c->nalone);
    cJSON *alone = cJSON_AddArrayToObject(o, "modalities_of_one_participant_first");
    for (uint32_t i = 0; i < c->nalone && i < CN_CONCENTRATION_ALONE_SHOWN; i++) {
        cJSON *a = cJSON_CreateObject();
        cJSON_AddStringToObject(a, "modality", c->alone[i].modality);
        cJSON_AddStringToObject(a, "participant", cn_intern_str(c->codes, c->alone[i].code));
        cJSON_AddItemToArray(alone, a);
    }
}

/* x to two decimals as the CSV tables write it (printf's "%.2f": an exact half to even),
 * so that classes.json and by_VAR.csv give one share alike (trial 65: 9/32 was 28.13 in
 * one and 28.12 in the other). */
static double as_csv_writes(double x)
{
    char text[64];
    snprintf(text, sizeof text, "%.2f", x);
    return strtod(text, NULL);
}

void cn_concentration_json_class(cJSON *cls, const cn_concentration *c, uint32_t k)
{
    if (!c || !c->available || k < 1 || k > c->nclasses)
        return;
    const cn_concentration_class *cl = &c->classes[k - 1];
    cJSON *o = cJSON_AddObjectToObject(cls, "participants");
    cJSON_AddNumberToObject(o, "count", cl->participants);
    cJSON_AddStringToObject(o, "largest", cn_concentration_largest(c, k));
    cJSON_AddNumberToObject(o, "largest_units", cl->largest_units);
    cJSON_AddNumberToObject(o, "largest_percent", as_csv_writes(100 * cl->largest_share));
    cJSON_AddNumberToObject(o, "unattributed_units", cl->unattributed);
    cJSON_AddBoolToObject(o, "over_half", cl->over_half);
}

/* One class's row from its column of counts (count[speaker]): ties for the largest go to
 * the participant seen first, so the result never depends on anything but the corpus. */
static void summarise(cn_concentration_class *cl, const uint32_t *count, uint32_t nspeakers)
{
    cl->largest = CN_INTERN_NONE;
    for (uint32_t s = 0; s < nspeakers; s++) {
        if (count[s] == 0)
            continue;
        cl->participants++;
        if (cl->largest == CN_INTERN_NONE || count[s] > cl->largest_units) {
            cl->largest = s;
            cl->largest_units = count[s];
        }
    }
    cl->largest_share = cl->units ? (double)cl->largest_units / cl->units : 0;
    cl->over_half = cl->largest_share > CN_CONCENTRATION_OVER;
}

int cn_concentration_tally(cn_concentration *c, const uint32_t *unit_speaker,
                           const uint32_t *unit_class, uint32_t nunits, cn_error *err)
{
    uint32_t ns = cn_intern_count(c->codes);
    size_t cells = (size_t)c->nclasses * ns;
    uint32_t *count = calloc(cells ? cells : 1, sizeof *count);
    free(c->classes);
    c->classes = calloc(c->nclasses ? c->nclasses : 1, sizeof *c->classes);
    if (!count || !c->classes) {
        free(count);
        return cn_error_nomem(err);
    }
    for (uint32_t u = 0; u < nunits; u++) {
        uint32_t k = unit_class[u], s = unit_speaker[u];
        if (k == 0 || k > c->nclasses)
            continue;
        c->classes[k - 1].units++;
        if (s == CN_INTERN_NONE || s >= ns)
            c->classes[k - 1].unattributed++;
        else
            count[(size_t)(k - 1) * ns + s]++;
    }
    for (uint32_t k = 0; k < c->nclasses; k++)
        summarise(&c->classes[k], count + (size_t)k * ns, ns);
    free(count);
    c->available = true;
    return 0;
}

/* Each kept text's participant id in c->codes (CN_INTERN_NONE when it has no *var_). */
static int speakers_of_texts(const cn_prepared *p, const char *var, cn_intern *codes,
                             uint32_t *text_speaker, bool *any, cn_error *err)
{
    *any = false;
    for (uint32_t t = 0; t < p->ntexts; t++) {
        const char *v = cn_corpus_value(&p->corpus->texts[p->texts[t]], var);
        text_speaker[t] = CN_INTERN_NONE;
        if (!v || !*v)
            continue;
        if ((text_speaker[t] = cn_intern_add(codes, v, strlen(v), NULL)) == CN_INTERN_NONE)
            return cn_error_nomem(err);
        *any = true;
    }
    return 0;
}

static int check_name(const char *var, cn_error *err)
{
    if (!cn_corpus_var_valid(var))
        return cn_error_code(err, CN_EINVALID,
                             "--speaker '%.80s': a variable name is 1 to %d letters and digits",
                             var, CN_CORPUS_VAR_MAX - 1);
    return 0;
}

int cn_concentration_check(const cn_prepared *p, const char *var, cn_error *err)
{
    if (check_name(var, err) < 0)
        return CN_EINVALID;
    if (cn_corpus_has_variable(p->corpus, p->texts, p->ntexts, var))
        return 0;
    char vars[600];
    cn_corpus_variables(p->corpus, p->texts, p->ntexts, vars, sizeof vars);
    return cn_error_code(err, CN_ENOTFOUND,
                         "--speaker %s: no text has a *%s_ variable; the texts' variables are: %s",
                         var, var, vars);
}

/* The star modalities whose kept texts all name one participant (text_speaker), other than
 * the speaker variable's own. A text naming none makes its modalities nobody's alone. */
#define SEVERAL (CN_INTERN_NONE - 1)
/* Each modality's participant so far: one code id, or SEVERAL. */
typedef struct owners {
    cn_intern *mods;
    uint32_t *owner;
    size_t cap;
} owners;

static int note_owner(owners *o, const char *modality, uint32_t speaker)
{
    bool added;
    uint32_t id = cn_intern_add(o->mods, modality, strlen(modality), &added);
    if (id == CN_INTERN_NONE ||
        cn_grow((void **)&o->owner, &o->cap, (size_t)id + 1, sizeof *o->owner) < 0)
        return -1;
    if (added)
        o->owner[id] = speaker;
    else if (o->owner[id] != speaker)
        o->owner[id] = SEVERAL;
    return 0;
}

/* The modalities of text t: its stars but the speaker variable's, and its blocks' thematic
 * labels, modalities of their segments as the profiles read them (trial 86). */
static int note_text(owners *o, const cn_corpus_text *text, const char *var, uint32_t speaker)
{
    size_t vlen = strlen(var);
    for (size_t i = 0; i < text->nstars; i++) {
        const char *star = text->stars[i];
        if (!(strncmp(star + 1, var, vlen) == 0 && star[1 + vlen] == '_') &&
            note_owner(o, star, speaker) < 0)
            return -1;
    }
    for (size_t b = 0; b < text->nblocks; b++)
        if (text->blocks[b].thematic && note_owner(o, text->blocks[b].thematic, speaker) < 0)
            return -1;
    return 0;
}

static int note_alone(const cn_prepared *p, const char *var, const uint32_t *text_speaker,
                      cn_concentration *c, cn_error *err)
{
    if (cn_intern_count(c->codes) < 2) /* one diary in all: said of the whole run */
        return 0;
    owners o = {.mods = cn_intern_new()};
    int rc = o.mods ? 0 : cn_error_nomem(err);
    for (uint32_t t = 0; rc == 0 && t < p->ntexts; t++)
        if (note_text(&o, &p->corpus->texts[p->texts[t]], var, text_speaker[t]) < 0)
            rc = cn_error_nomem(err);
    for (uint32_t id = 0; rc == 0 && id < cn_intern_count(o.mods); id++) {
        const char *name = cn_intern_str(o.mods, id);
        bool flag = name[0] == '*' && !strchr(name, '_'); /* *urgent: no cohort */
        if (o.owner[id] == SEVERAL || o.owner[id] == CN_INTERN_NONE || flag)
            continue;
        if (c->nalone < CN_CONCENTRATION_ALONE_SHOWN) {
            cn_concentration_alone *a = &c->alone[c->nalone];
            snprintf(a->modality, sizeof a->modality, "%s", name);
            a->code = o.owner[id];
        }
        c->nalone++;
    }
    cn_intern_free(o.mods);
    free(o.owner);
    return rc;
}

int cn_concentration_compute(const cn_prepared *p, bool unit_texts, const uint32_t *unit_class,
                             uint32_t nclasses, const char *var, cn_concentration *out,
                             cn_error *err)
{
    memset(out, 0, sizeof *out);
    if (check_name(var, err) < 0)
        return CN_EINVALID;
    snprintf(out->var, sizeof out->var, "%s", var);
    out->nclasses = nclasses;
    uint32_t nunits = unit_texts ? p->ntexts : p->nsegs;
    uint32_t *text_speaker = malloc(((size_t)p->ntexts + 1) * sizeof *text_speaker);
    uint32_t *unit_speaker = malloc(((size_t)nunits + 1) * sizeof *unit_speaker);
    out->codes = cn_intern_new();
    bool any = false;
    int rc = text_speaker && unit_speaker && out->codes ? 0 : cn_error_nomem(err);
    if (rc == 0)
        rc = speakers_of_texts(p, var, out->codes, text_speaker, &any, err);
    if (rc == 0 && any) {
        for (uint32_t u = 0; u < nunits; u++)
            unit_speaker[u] = text_speaker[unit_texts ? u : p->segs[u].text];
        rc = cn_concentration_tally(out, unit_speaker, unit_class, nunits, err);
        if (rc == 0)
            rc = note_alone(p, var, text_speaker, out, err);
    }
    free(text_speaker);
    free(unit_speaker);
    if (rc < 0 || !any) { /* nothing to report: keep the name of the variable only */
        cn_concentration_free(out);
        snprintf(out->var, sizeof out->var, "%s", var);
    }
    return rc;
}
