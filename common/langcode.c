/* langcode.c — the languages Carnet names, and reading one as written (see langcode.h).
 * One table names each language Snowball stems by its ISO 639-1 code, its 639-2 codes and
 * its English name (libstemmer's algorithm name). */
#include "carnet/langcode.h"

#include <stdbool.h>
#include <stdio.h>
#include <string.h>

static const cn_langcode languages[] = {
    {"ar", "ara", NULL, "arabic"},     {"ca", "cat", NULL, "catalan"},
    {"da", "dan", NULL, "danish"},     {"de", "deu", "ger", "german"},
    {"el", "ell", "gre", "greek"},     {"en", "eng", NULL, "english"},
    {"es", "spa", NULL, "spanish"},    {"eu", "eus", "baq", "basque"},
    {"fi", "fin", NULL, "finnish"},    {"fr", "fra", "fre", "french"},
    {"ga", "gle", NULL, "irish"},      {"hi", "hin", NULL, "hindi"},
    {"hu", "hun", NULL, "hungarian"},  {"hy", "hye", "arm", "armenian"},
    {"id", "ind", NULL, "indonesian"}, {"it", "ita", NULL, "italian"},
    {"lt", "lit", NULL, "lithuanian"}, {"ne", "nep", NULL, "nepali"},
    {"nl", "nld", "dut", "dutch"},     {"no", "nor", NULL, "norwegian"},
    {"pt", "por", NULL, "portuguese"}, {"ro", "ron", "rum", "romanian"},
    {"ru", "rus", NULL, "russian"},    {"sr", "srp", NULL, "serbian"},
    {"sv", "swe", NULL, "swedish"},    {"ta", "tam", NULL, "tamil"},
    {"tr", "tur", NULL, "turkish"},    {"yi", "yid", NULL, "yiddish"},
};
enum { NLANGUAGES = sizeof languages / sizeof languages[0] };

/* Every ISO 639-1 code, for a language collected that no stemmer knows: `xx` is a typing
 * error, not a language. */
static const char iso639_1[] =
    "aa ab ae af ak am an ar as av ay az ba be bg bh bi bm bn bo br bs ca ce ch co cr cs cu cv "
    "cy da de dv dz ee el en eo es et eu fa ff fi fj fo fr fy ga gd gl gn gu gv ha he hi ho hr "
    "ht hu hy hz ia id ie ig ii ik io is it iu ja jv ka kg ki kj kk kl km kn ko kr ks ku kv kw "
    "ky la lb lg li ln lo lt lu lv mg mh mi mk ml mn mr ms mt my na nb nd ne ng nl nn no nr nv "
    "ny oc oj om or os pa pi pl ps pt qu rm rn ro ru rw sa sc sd se sg si sk sl sm sn so sq sr "
    "ss st su sv sw ta te tg th ti tk tl tn to tr ts tt tw ty ug uk ur uz ve vi vo wa wo xh yi "
    "yo za zh zu";

/* Codes withdrawn from ISO 639-1 and the one that replaced each, and Norwegian Bokmål, which
 * a Norwegian computer writes `nb` and Snowball stems as Norwegian (`no`). */
static const char *const aliases[][2] = {
    {"iw", "he"}, {"in", "id"}, {"ji", "yi"}, {"jw", "jv"}, {"mo", "ro"}, {"nb", "no"},
};

const cn_langcode *cn_langcode_table(size_t *n)
{
    *n = NLANGUAGES;
    return languages;
}

/* The code an alias stands for, else code itself. */
static const char *unaliased(const char *code)
{
    for (size_t i = 0; i < sizeof aliases / sizeof *aliases; i++)
        if (strcmp(code, aliases[i][0]) == 0)
            return aliases[i][1];
    return code;
}

static const cn_langcode *exact(const char *code)
{
    code = unaliased(code);
    for (int i = 0; i < NLANGUAGES; i++) {
        const cn_langcode *l = &languages[i];
        if (strcmp(code, l->code) == 0 || strcmp(code, l->iso3) == 0 ||
            (l->iso3b && strcmp(code, l->iso3b) == 0) || strcmp(code, l->name) == 0)
            return l;
    }
    return NULL;
}

/* Letters, digits and '-' or '_' only, and short: a code, not a sentence. */
static bool looks_like_code(const char *code)
{
    size_t n = strlen(code);
    return n > 0 && n < 32 &&
           strspn(code, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_") == n;
}

/* The length of code's language part, lower-cased into base: letters up to a region's '-'
 * or '_' (pt-BR, es-419); 0 when it is empty, too long or holds a digit. */
static size_t language_part(const char *code, char base[CN_LANGCODE_MAX])
{
    size_t n = 0;
    for (; code[n] && code[n] != '-' && code[n] != '_'; n++) {
        char c = code[n];
        if (n + 1 == CN_LANGCODE_MAX || (c >= '0' && c <= '9'))
            return 0;
        base[n] = c >= 'A' && c <= 'Z' ? (char)(c + 32) : c;
    }
    base[n] = '\0';
    return n;
}

/* Whether code is one of ISO 639-1's. */
static bool iso_639_1(const char *code)
{
    if (strlen(code) != 2)
        return false;
    for (const char *c = iso639_1; *c; c += c[2] ? 3 : 2)
        if (c[0] == code[0] && c[1] == code[1])
            return true;
    return false;
}

/* ISO 3166-1's regions (alpha-2), and UK and EU, which locales write too. */
static const char regions[] =
    "ad ae af ag ai al am ao aq ar as at au aw ax az ba bb bd be bf bg bh bi bj bl bm bn bo bq "
    "br bs bt bv bw by bz ca cc cd cf cg ch ci ck cl cm cn co cr cu cv cw cx cy cz de dj dk dm "
    "do dz ec ee eg eh er es et eu fi fj fk fm fo fr ga gb gd ge gf gg gh gi gl gm gn gp gq gr "
    "gs gt gu gw gy hk hm hn hr ht hu id ie il im in io iq ir is it je jm jo jp ke kg kh ki km "
    "kn kp kr kw ky kz la lb lc li lk lr ls lt lu lv ly ma mc md me mf mg mh mk ml mm mn mo mp "
    "mq mr ms mt mu mv mw mx my mz na nc ne nf ng ni nl no np nr nu nz om pa pe pf pg ph pk pl "
    "pm pn pr ps pt pw py qa re ro rs ru rw sa sb sc sd se sg sh si sj sk sl sm sn so sr ss st "
    "sv sx sy sz tc td tf tg th tj tk tl tm tn to tr tt tv tw tz ua ug uk um us uy uz va vc ve "
    "vg vi vn vu wf ws xk ye yt za zm zw";

/* Whether the two letters at code (any case) are a region. */
static bool region(const char *code)
{
    char c0 = (char)(code[0] | 0x20), c1 = (char)(code[1] | 0x20);
    for (const char *r = regions; *r; r += r[2] ? 3 : 2)
        if (r[0] == c0 && r[1] == c1)
            return true;
    return false;
}

/* Whether what follows a language part (tail: "", or "-BR", "_Hant_TW", "-419") names only
 * a script, a region and variants. A two-letter part that is no region is refused: fr_en,
 * a text in two languages, was read as French with an English region (trial 80). */
static bool subtags_ok(const char *tail)
{
    while (*tail == '-' || *tail == '_') {
        tail++;
        size_t n = strcspn(tail, "-_");
        if (n == 0 || (n == 2 && !region(tail)))
            return false;
        tail += n;
    }
    return *tail == '\0';
}

const char *cn_langcode_region_hint(const char *written)
{
    char base[CN_LANGCODE_MAX], two[3] = "";
    size_t n = looks_like_code(written) ? language_part(written, base) : 0;
    if (n == 4 && !written[n] && !region(base + 2))
        memcpy(two, base + 2, 3);
    for (const char *tail = written + n; n && !two[0] && (*tail == '-' || *tail == '_');) {
        size_t len = strcspn(++tail, "-_");
        if (len == 2 && !region(tail))
            two[0] = (char)(tail[0] | 0x20), two[1] = (char)(tail[1] | 0x20);
        tail += len;
    }
    if (!two[0])
        return "";
    if (iso_639_1(two))
        return " (after the language, another language's code, no region: a text in two"
               " languages? a text has one; give each language's texts their own star)";
    return " (after the language, two letters that are no region of ISO 3166-1)";
}

const cn_langcode *cn_langcode_find(const char *written)
{
    char base[CN_LANGCODE_MAX];
    size_t n = looks_like_code(written) ? language_part(written, base) : 0;
    if (n == 0 || !subtags_ok(written + n))
        return NULL;
    const cn_langcode *l = exact(base);
    if (!l && n == 4 && !written[n] && region(base + 2)) {
        /* a region glued on, as IRAMUTEQ's own corpora write it: ptbr, frca, engb (not
         * fren: two languages) */
        base[2] = '\0';
        l = exact(base);
    }
    return l;
}

void cn_langcode_region(const char *written, char out[3])
{
    char base[CN_LANGCODE_MAX];
    size_t n = looks_like_code(written) ? language_part(written, base) : 0;
    out[0] = '\0';
    if (n == 4 && !written[n] && region(base + 2)) { /* glued: ptbr */
        memcpy(out, base + 2, 3);
        return;
    }
    for (const char *tail = written + n; n && (*tail == '-' || *tail == '_');) {
        size_t len = strcspn(++tail, "-_");
        if (len == 2 && region(tail)) {
            out[0] = (char)(tail[0] | 0x20), out[1] = (char)(tail[1] | 0x20), out[2] = '\0';
            return;
        }
        tail += len;
    }
}

int cn_langcode_for_study(const char *written, char out[CN_LANGCODE_MAX], cn_error *err)
{
    /* as a spreadsheet cell or a form may carry it: " fr", "pt-BR " */
    char code[CN_LANGCODE_MAX * 2];
    size_t from = strspn(written, " \t"), n = strlen(written + from);
    while (n > 0 && (written[from + n - 1] == ' ' || written[from + n - 1] == '\t'))
        n--;
    if (n < sizeof code) {
        memcpy(code, written + from, n);
        code[n] = '\0';
        const cn_langcode *l = cn_langcode_find(code);
        char base[CN_LANGCODE_MAX];
        if (l) {
            snprintf(out, CN_LANGCODE_MAX, "%s", l->code);
            return 0;
        }
        if (n == 0) {
            out[0] = '\0';
            return 0;
        }
        if (looks_like_code(code) && language_part(code, base) == 2 && subtags_ok(code + 2) &&
            iso_639_1(unaliased(base))) {
            snprintf(out, CN_LANGCODE_MAX, "%s", unaliased(base)); /* pl, pl-PL, PL */
            return 0;
        }
    }
    return cn_error_code(
        err, CN_EINVALID,
        "'%.40s' is not an ISO 639-1 code: write the 2-letter one (fr, en, pt...); "
        "3-letter codes and English names are read only for the languages "
        "the analysis stems%s",
        written, cn_langcode_region_hint(written));
}

const char *cn_langcode_exported(const char *stored)
{
    const cn_langcode *l = cn_langcode_find(stored);
    return l ? l->code : unaliased(stored);
}
