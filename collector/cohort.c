/* cohort.c — cohort modalities of a participant (see cohort.h). */
#include "carnet/cohort.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "carnet/corpus.h"

#include <utf8proc.h>

static const char *const by_names[] = {"care", "age", "sex", "site"};
static const char *const care_bands[] = {"lt1", "1to3", "gt3"};
static const char *const age_bands[] = {"lt18", "18_24", "25_34", "35_44", "45_54", "55p"};

int cn_cohort_by_parse(const char *text, cn_cohort_by *out, cn_error *err)
{
    for (size_t i = 0; i < sizeof by_names / sizeof *by_names; i++)
        if (strcmp(text, by_names[i]) == 0) {
            *out = (cn_cohort_by)i;
            return 0;
        }
    return cn_error_set(err, "cohort '%s' is not one of care, age, sex, site", text);
}

const char *cn_cohort_by_name(cn_cohort_by by)
{
    return by_names[by];
}

/* Years counted by anniversaries, as an age is, and between two of them the share of that
 * year's days: a count of days over 365.25 put an exact anniversary on either side of a band's
 * edge by the 29 Februaries between (trial 65: 3 calendar years were 2.9979 or 3.0007). The
 * anniversary of a 29 February falls on 28 February in other years, as a diary month does. */
double cn_cohort_years_in_care(const cn_participant *p)
{
    if (p->consent < p->care_start) /* not a study's participant; kept monotonic */
        return (double)(p->consent - p->care_start) / 365.25;
    int y0, y1, m, d;
    cn_date_to_ymd(p->care_start, &y0, &m, &d);
    cn_date_to_ymd(p->consent, &y1, &m, &d);
    int years = y1 - y0;
    while (years > 0 && cn_date_add_months(p->care_start, 12 * years) > p->consent)
        years--;
    cn_date last = cn_date_add_months(p->care_start, 12 * years);
    cn_date next = cn_date_add_months(p->care_start, 12 * (years + 1));
    return years + (double)(p->consent - last) / (double)(next - last);
}

int cn_cohort_age(const cn_participant *p)
{
    int y, m, d;
    cn_date_to_ymd(p->consent, &y, &m, &d);
    return y - p->birth_year;
}

const char *cn_cohort_care_band(double years)
{
    if (years < 1.0)
        return care_bands[0];
    return years <= 3.0 ? care_bands[1] : care_bands[2];
}

const char *cn_cohort_age_band(int age)
{
    if (age < 18)
        return age_bands[0];
    if (age <= 24)
        return age_bands[1];
    if (age <= 34)
        return age_bands[2];
    if (age <= 44)
        return age_bands[3];
    return age <= 54 ? age_bands[4] : age_bands[5];
}

void cn_cohort_modality(const cn_participant *p, cn_cohort_by by, char *out, size_t size)
{
    switch (by) {
    case CN_BY_CARE:
        snprintf(out, size, "%s", cn_cohort_care_band(cn_cohort_years_in_care(p)));
        break;
    case CN_BY_AGE:
        snprintf(out, size, "%s", cn_cohort_age_band(cn_cohort_age(p)));
        break;
    case CN_BY_SEX:
        snprintf(out, size, "%c", p->gender);
        break;
    case CN_BY_SITE:
        cn_corpus_modality(p->site, out, size);
        break;
    }
}

/* Both NFKC-casefolded by utf8proc, compared; false when either cannot be. */
static bool same_casefolded(const char *a, const char *b)
{
    char *fa = (char *)utf8proc_NFKC_Casefold((const utf8proc_uint8_t *)a);
    char *fb = (char *)utf8proc_NFKC_Casefold((const utf8proc_uint8_t *)b);
    bool same = fa && fb && strcmp(fa, fb) == 0;
    free(fa);
    free(fb);
    return same;
}

bool cn_cohort_same_site(const char *site, const char *wanted)
{
    char a[CN_SITE_MAX], b[CN_SITE_MAX];
    bool latin_a = cn_corpus_modality(site, a, sizeof a),
         latin_b = cn_corpus_modality(wanted, b, sizeof b);
    if (latin_a && latin_b)
        return strcmp(a, b) == 0;
    return !latin_a && !latin_b && same_casefolded(site, wanted);
}

static int index_of(const char *const *list, size_t n, const char *s)
{
    for (size_t i = 0; i < n; i++)
        if (strcmp(list[i], s) == 0)
            return (int)i;
    return (int)n;
}

int cn_cohort_rank(cn_cohort_by by, const char *modality)
{
    if (by == CN_BY_CARE)
        return index_of(care_bands, sizeof care_bands / sizeof *care_bands, modality);
    if (by == CN_BY_AGE)
        return index_of(age_bands, sizeof age_bands / sizeof *age_bands, modality);
    return 0;
}
