/* carnet-gen.c — writes a synthetic diary study: participants.csv, entries.csv (the
 * collector's import formats) and themes.csv (the theme planted in each entry, for checking
 * what the analysis finds). Deterministic for a given seed, on every machine: it uses its
 * own generator (splitmix64), never rand().
 *
 *   carnet-gen --out corpora/demo                 the bundled demo study
 *   carnet-gen --out DIR --participants 2000 --entries-per-month 8   benchmark corpora */
#define _XOPEN_SOURCE 700 /* realpath */
#include <math.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "carnet/corpus.h"
#include "carnet/csvout.h"
#include "carnet/date.h"
#include "carnet/outfile.h"
#include "themes.h"

#define CN_DAYS_PER_MONTH_GEN 30.4375

typedef struct rng {
    uint64_t state;
} rng;

static uint64_t next_u64(rng *r)
{
    uint64_t z = (r->state += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
}

/* Uniform in [0, 1). */
static double uniform(rng *r)
{
    return (double)(next_u64(r) >> 11) * (1.0 / 9007199254740992.0);
}

/* Uniform integer in [lo, hi]. */
static int between(rng *r, int lo, int hi)
{
    return lo + (int)(uniform(r) * (hi - lo + 1));
}

/* Exponential with the given mean, rounded, at least `min`. */
static int exp_days(rng *r, double mean, int min)
{
    int d = (int)lround(-log(1.0 - uniform(r)) * mean);
    return d < min ? min : d;
}

typedef struct settings {
    const char *out;
    uint64_t seed;
    int participants;
    double entries_per_month;
    double purity; /* share of an entry's sentences drawn from its planted theme */
    int diary_months;
    const char *lang;   /* NULL: the three sites in two languages; "fr" or "en": one */
    const char *corpus; /* also write this IRAMUTEQ corpus file */
} settings;

typedef enum role {
    ROLE_COMPLETE,
    ROLE_LATE,
    ROLE_OVERDUE,
    ROLE_LOST_EARLY,
    ROLE_LOST_NONE,
    ROLE_WITHDRAWN
} role;

typedef struct site {
    const char *name;
    const char *lang;
    int lang_index;
} site;

static const site sites[] = {{"Paris Nord", "fr", 0}, {"Lyon", "fr", 0}, {"Manchester", "en", 1}};

/* Cohorts by years in care plant a difference for the analysis to find: people new to
 * care write more about care, people long in care more about family. */
static const double theme_weights[3][NTHEMES] = {
    {0.55, 0.15, 0.30}, /* < 1 year in care */
    {0.34, 0.33, 0.33}, /* 1 to 3 years */
    {0.20, 0.55, 0.25}, /* > 3 years */
};

static int pick_theme(rng *r, const double *weights)
{
    double u = uniform(r), acc = 0;
    for (int t = 0; t < NTHEMES; t++)
        if (u < (acc += weights[t]))
            return t;
    return NTHEMES - 1;
}

/* Appends one sentence of theme t (or a filler when t < 0) to buf. */
static void sentence(rng *r, int lang, int t, char *buf, size_t size)
{
    size_t len = strlen(buf);
    if (len && len + 1 < size)
        buf[len++] = ' ';
    if (t < 0) {
        snprintf(buf + len, size - len, "%s", filler[lang][between(r, 0, 7)]);
        return;
    }
    const theme_words *w = &themes[lang][t];
    const char *tpl = w->templates[between(r, 0, w->ntemplates - 1)];
    for (const char *p = tpl; *p && len + 1 < size; p++) {
        if (*p == '@' || *p == '#') {
            const char *noun = w->nouns[between(r, 0, w->nnouns - 1)];
            len += (size_t)snprintf(buf + len, size - len, "%s", noun);
            if (len >= size)
                len = size - 1;
        } else {
            buf[len++] = *p;
        }
    }
    buf[len] = '\0';
}

/* French contracts "de le" into "du" and "à le" into "au" (and their plurals). */
static void contract_french(char *text)
{
    static const char *const from[] = {" de le ", " de les ", " à le ", " à les "};
    static const char *const to[] = {" du ", " des ", " au ", " aux "};
    for (size_t k = 0; k < sizeof from / sizeof *from; k++) {
        char *hit;
        while ((hit = strstr(text, from[k]))) {
            size_t lf = strlen(from[k]), lt = strlen(to[k]);
            memcpy(hit, to[k], lt);
            memmove(hit + lt, hit + lf, strlen(hit + lf) + 1);
        }
    }
}

static void entry_text(rng *r, int lang, int theme, double purity, char *buf, size_t size)
{
    buf[0] = '\0';
    int n = between(r, 2, 6);
    for (int i = 0; i < n; i++) {
        double u = uniform(r);
        int t = theme;
        if (u >= purity)
            t = u < purity + (1 - purity) / 2 ? -1 : (theme + between(r, 1, NTHEMES - 1)) % NTHEMES;
        sentence(r, lang, t, buf, size);
    }
    if (lang == 0)
        contract_french(buf);
}

static role pick_role(rng *r, int index)
{
    /* The first lost participant with no entry is replaced: make sure there is one. */
    if (index == 6)
        return ROLE_LOST_NONE;
    double u = uniform(r);
    if (u < 0.06)
        return ROLE_LOST_NONE;
    if (u < 0.14)
        return ROLE_LOST_EARLY;
    if (u < 0.30)
        return ROLE_LATE;
    if (u < 0.38)
        return ROLE_OVERDUE;
    if (u < 0.42)
        return ROLE_WITHDRAWN;
    return ROLE_COMPLETE;
}

typedef struct files {
    FILE *participants, *entries, *themes;
    FILE *corpus; /* --corpus: the IRAMUTEQ corpus written directly, for benchmarks */
} files;

static void write_participant(files *f, const char *code, char gender, int birth_year, cn_date care,
                              cn_date consent, const site *s, const char *status,
                              const char *replaces, const cn_date *handed_back)
{
    char by[8], d1[CN_DATE_TEXT], d2[CN_DATE_TEXT], d3[CN_DATE_TEXT] = "";
    char g[2] = {gender, '\0'};
    snprintf(by, sizeof by, "%d", birth_year);
    cn_date_format(care, d1);
    cn_date_format(consent, d2);
    if (handed_back)
        cn_date_format(*handed_back, d3);
    const char *row[] = {code, g, by, d1, d2, s->name, s->lang, status, replaces, d3};
    cn_csv_row(f->participants, row, 10, NULL); /* failures: ferror at close */
}

/* Writes one participant's diary; returns the number of entries. */
static int write_diary(rng *r, files *f, const settings *cfg, const char *code, cn_date consent,
                       const site *s, int cohort, role role, int keeps_writing, cn_date *last_out)
{
    cn_date end = cn_date_add_months(consent, cfg->diary_months);
    cn_date stop = end;
    if (role == ROLE_LOST_NONE)
        return 0;
    if (role == ROLE_LOST_EARLY || role == ROLE_WITHDRAWN)
        stop = consent + between(r, 20, 70);
    else if (keeps_writing)
        stop = end + between(r, 5, 15); /* some keep writing past the diary period */
    double mean_gap = CN_DAYS_PER_MONTH_GEN / cfg->entries_per_month;
    cn_date day = consent + exp_days(r, 5.0, 0);
    int n = 0;
    char text[4096];
    for (; day <= stop; day += exp_days(r, mean_gap, 1)) {
        int theme = pick_theme(r, theme_weights[cohort]);
        entry_text(r, s->lang_index, theme, cfg->purity, text, sizeof text);
        char date[CN_DATE_TEXT];
        cn_date_format(day, date);
        const char *row[] = {code, date, text};
        cn_csv_row(f->entries, row, 3, NULL);
        const char *trow[] = {code, date, theme_names[theme]};
        cn_csv_row(f->themes, trow, 3, NULL);
        if (f->corpus) {
            static const char *const care[] = {"*care_lt1", "*care_1to3", "*care_gt3"};
            char part[32], lang[16], month[16];
            snprintf(part, sizeof part, "*part_%s", code);
            snprintf(lang, sizeof lang, "*lang_%s", s->lang);
            snprintf(month, sizeof month, "*month_%02d", cn_date_diary_month(consent, day));
            const char *stars[] = {part, care[cohort], month, lang};
            cn_corpus_write_text(f->corpus, stars, 4, text, NULL);
        }
        *last_out = day;
        n++;
    }
    return n;
}

static const char *status_of(role role)
{
    switch (role) {
    case ROLE_OVERDUE:
        return "active";
    case ROLE_LOST_EARLY:
    case ROLE_LOST_NONE:
        return "lost";
    case ROLE_WITHDRAWN:
        return "withdrawn";
    default:
        return "handed_back";
    }
}

static void participant(rng *r, files *f, const settings *cfg, int index, const char *code,
                        const char *replaces, cn_date consent, role role)
{
    int cohort = index % 3;
    const site *s = &sites[between(r, 0, 2)];
    if (cfg->lang && strcmp(s->lang, cfg->lang) != 0) /* one language: its first site */
        for (size_t k = 0; k < sizeof sites / sizeof *sites; k++)
            if (strcmp(sites[k].lang, cfg->lang) == 0) {
                s = &sites[k];
                break;
            }
    int age = between(r, 19, 62);
    int cy, cm, cd;
    cn_date_to_ymd(consent, &cy, &cm, &cd);
    cn_date care;
    if (cohort == 0)
        care = consent - between(r, 20, 330);
    else if (cohort == 1)
        care = consent - between(r, 400, 1080);
    else
        care = consent - between(r, 1130, 5500);
    char gender = uniform(r) < 0.04 ? 'x' : (uniform(r) < 0.6 ? 'm' : 'f');
    cn_date last = consent;
    int keeps_writing = index == 2 || uniform(r) < 0.15;
    int n = write_diary(r, f, cfg, code, consent, s, cohort, role, keeps_writing, &last);
    cn_date end = cn_date_add_months(consent, cfg->diary_months);
    cn_date back;
    const cn_date *handed_back = NULL;
    if (role == ROLE_COMPLETE || role == ROLE_LATE) {
        back = (last > end ? last : end) +
               (role == ROLE_LATE ? between(r, 35, 80) : between(r, 0, 25));
        handed_back = &back;
    } else if (role == ROLE_WITHDRAWN && n > 0) {
        back = last + between(r, 1, 10);
        handed_back = &back;
    }
    write_participant(f, code, gender, cy - age, care, consent, s, status_of(role), replaces,
                      handed_back);
}

static int usage(void)
{
    fprintf(stderr, "usage: carnet-gen --out DIR [--seed N] [--participants N]"
                    " [--entries-per-month M] [--purity P] [--diary-months N] [--lang fr|en]"
                    " [--corpus FILE]\n");
    return 2;
}

/* The generator's ledger in --out: what it wrote there (a name a line), and the corpus it
 * wrote elsewhere (its absolute path). A file at one of its names is replaced only when
 * the ledger lists it: a team's own participants.csv, or an IRAMUTEQ corpus, begins as
 * the generator's do, and a slip of --out must not turn a study into synthetic data. */
#define LEDGER ".carnet-gen"

static bool ledger_lists(const char *dir, const char *entry)
{
    char path[4096];
    snprintf(path, sizeof path, "%s/" LEDGER, dir);
    FILE *f = fopen(path, "r");
    char line[4200];
    bool found = false;
    while (f && !found && fgets(line, sizeof line, f)) {
        line[strcspn(line, "\n")] = '\0';
        found = strcmp(line, entry) == 0;
    }
    if (f)
        fclose(f);
    return found;
}

/* Refuses a target that exists and that the ledger does not list. */
static int check_target(const settings *cfg, const char *name, const char *path, cn_error *err)
{
    struct stat st;
    if (lstat(path, &st) != 0)
        return 0; /* absent, or refused by cn_out_file_begin with its reason */
    char *abs = name ? NULL : realpath(path, NULL);
    bool ours = ledger_lists(cfg->out, name ? name : abs ? abs : path);
    free(abs);
    if (ours || S_ISLNK(st.st_mode))
        return 0;
    return cn_error_code(err, CN_EINVALID,
                         "%s: exists and was not written by carnet-gen (a study's own file?): "
                         "give --out a new folder, or remove it first",
                         path);
}

static int write_ledger(const settings *cfg, cn_error *err)
{
    char path[4096];
    snprintf(path, sizeof path, "%s/" LEDGER, cfg->out);
    FILE *f = cn_out_open(path, err);
    if (!f)
        return -1;
    fputs("participants.csv\nentries.csv\nthemes.csv\n", f);
    char *abs = cfg->corpus ? realpath(cfg->corpus, NULL) : NULL;
    if (abs)
        fprintf(f, "%s\n", abs);
    free(abs);
    return cn_out_close(f, path, err);
}

/* The generated files, each written beside its name and renamed over it only once every
 * one is complete (outfile.h's cn_out_file): a refused or failed run, a link planted at one
 * of the names say, changes none of them, and an existing file is replaced only when it
 * is one the generator wrote (its first bytes). Synthetic as they are, they look like a
 * study's files and are imported as one: owner-only, as everything Carnet writes. */
enum { OUT_PARTICIPANTS, OUT_ENTRIES, OUT_THEMES, OUT_CORPUS, NOUT };

static int open_all(const settings *cfg, cn_out_file out[NOUT], files *f, cn_error *err)
{
    static const char *const names[NOUT] = {"participants.csv", "entries.csv", "themes.csv", NULL};
    static const char *const heads[NOUT][2] = {
        {"code,", NULL}, {"participant,", NULL}, {"participant,", NULL}, {"**** ", NULL}};
    memset(out, 0, NOUT * sizeof *out);
    for (int i = 0; i < NOUT; i++) {
        char path[4096];
        if (i == OUT_CORPUS && !cfg->corpus)
            break;
        snprintf(path, sizeof path, "%s%s%s", names[i] ? cfg->out : cfg->corpus,
                 names[i] ? "/" : "", names[i] ? names[i] : "");
        if (check_target(cfg, names[i], path, err) < 0 ||
            cn_out_file_begin(&out[i], path, heads[i], NULL, err) < 0) {
            for (int k = 0; k < i; k++)
                cn_out_file_end(&out[k], CN_ERR, NULL);
            return -1;
        }
    }
    *f = (files){out[OUT_PARTICIPANTS].f, out[OUT_ENTRIES].f, out[OUT_THEMES].f, out[OUT_CORPUS].f};
    return 0;
}

/* Renames every file into place when all were written; otherwise removes them all. */
static int close_all(cn_out_file out[NOUT], cn_error *err)
{
    int rc = 0;
    for (int i = 0; i < NOUT && out[i].f; i++)
        if (fflush(out[i].f) != 0 || ferror(out[i].f))
            rc = cn_error_code(err, CN_EIO, "%s: cannot write", out[i].path);
    for (int i = 0; i < NOUT && out[i].f; i++)
        if (cn_out_file_end(&out[i], rc, rc == 0 ? err : NULL) < 0 && rc == 0)
            rc = -1;
    return rc;
}

int main(int argc, char **argv)
{
    settings cfg = {.seed = 20250106,
                    .participants = 24,
                    .entries_per_month = 6.0,
                    .purity = 0.8,
                    .diary_months = 6};
    for (int i = 1; i < argc; i += 2) {
        const char *a = argv[i], *v = i + 1 < argc ? argv[i + 1] : NULL;
        if (!v)
            return usage();
        if (strcmp(a, "--out") == 0)
            cfg.out = v;
        else if (strcmp(a, "--seed") == 0)
            cfg.seed = strtoull(v, NULL, 10);
        else if (strcmp(a, "--participants") == 0)
            cfg.participants = atoi(v);
        else if (strcmp(a, "--entries-per-month") == 0)
            cfg.entries_per_month = atof(v);
        else if (strcmp(a, "--purity") == 0)
            cfg.purity = atof(v);
        else if (strcmp(a, "--corpus") == 0)
            cfg.corpus = v;
        else if (strcmp(a, "--lang") == 0)
            cfg.lang = v;
        else if (strcmp(a, "--diary-months") == 0)
            cfg.diary_months = atoi(v);
        else
            return usage();
    }
    /* each refusal says which value and why: a bare usage line left the user guessing */
    const char *bad = !cfg.out ? "--out DIR is required"
                      : cfg.participants < 7 || cfg.participants > 999999
                          ? "--participants: 7 to 999999 (the 7th is always lost and replaced)"
                      : cfg.entries_per_month <= 0       ? "--entries-per-month: more than 0"
                      : cfg.purity < 0 || cfg.purity > 1 ? "--purity: 0 to 1"
                      : cfg.diary_months < 1             ? "--diary-months: 1 or more"
                      : cfg.lang && strcmp(cfg.lang, "fr") != 0 && strcmp(cfg.lang, "en") != 0
                          ? "--lang: fr or en"
                          : NULL;
    if (bad) {
        fprintf(stderr, "carnet-gen: %s\n", bad);
        return usage();
    }
    cn_error err = {0};
    if (cn_out_mkdir(cfg.out, &err) < 0) {
        fprintf(stderr, "carnet-gen: %s\n", err.msg);
        return 1;
    }
    cn_out_file out[NOUT];
    files f;
    if (open_all(&cfg, out, &f, &err) < 0) {
        fprintf(stderr, "carnet-gen: %s\n", err.msg);
        return 1;
    }
    fputs("code,gender,birth_year,care_start,consent_date,site,language,status,replaces,"
          "handed_back\n",
          f.participants);
    fputs("participant,date,text\n", f.entries);
    fputs("participant,date,theme\n", f.themes);
    rng r = {cfg.seed};
    int width = cfg.participants + 1 >= 100000 ? 6 : cfg.participants + 1 >= 100 ? 4 : 2;
    cn_date recruit = cn_date_from_ymd(2025, 1, 6);
    char replaced[16] = "";
    cn_date last_consent = recruit;
    for (int i = 0; i < cfg.participants; i++) {
        char code[16];
        snprintf(code, sizeof code, "P%0*d", width, i + 1);
        /* Recruitment over about four months, in consent order. */
        cn_date consent = recruit + (int)((double)i * 110.0 / cfg.participants) + between(&r, 0, 3);
        role role = pick_role(&r, i);
        if (role == ROLE_LOST_NONE && !replaced[0])
            snprintf(replaced, sizeof replaced, "%s", code);
        participant(&r, &f, &cfg, i, code, "", consent, role);
        last_consent = consent;
    }
    /* The replacement joins after the last recruit, in the replaced participant's cohort. */
    char code[16];
    snprintf(code, sizeof code, "P%0*d", width, cfg.participants + 1);
    participant(&r, &f, &cfg, 6, code, replaced, last_consent + between(&r, 7, 20), ROLE_COMPLETE);
    if (close_all(out, &err) < 0 || write_ledger(&cfg, &err) < 0) {
        fprintf(stderr, "carnet-gen: %s\n", err.msg);
        return 1;
    }
    return 0;
}
