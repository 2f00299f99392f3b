/* cmd_kwic.c — carnet-analyse kwic OUT FORM: the concordance of a form in a finished run
 * (with the other forms of its lemma: its Snowball stem, or its --lexicon lemma; a glued
 * --expressions unit counts as one form), each line with its text's star variables and
 * its segment's class — how a researcher checks what a class word means in context.
 * The options and the printing; the rules are kwic.h's. */
#include <stdio.h>
#include <string.h>

#include "analyse.h"
#include "carnet/kwic.h"
#include "carnet/where.h"

/* Prints s[0..n) on the line: a newline or tab as a space (one hit, one line, whatever
 * the text's line breaks: an expression may be written across one). */
static void print_flat(const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++)
        putchar(s[i] == '\n' || s[i] == '\r' || s[i] == '\t' ? ' ' : s[i]);
}

/* Prints at most width bytes of s[0..n) ending (left) or starting (right) at the cut,
 * never splitting a UTF-8 sequence, newlines as spaces. */
static void print_context(const char *s, size_t n, size_t width, int left)
{
    size_t start = 0, end = n;
    if (n > width) {
        if (left) {
            start = n - width;
            while (start < n && ((unsigned char)s[start] & 0xC0) == 0x80)
                start++;
        } else {
            end = width;
            while (end > 0 && ((unsigned char)s[end] & 0xC0) == 0x80)
                end--;
        }
    }
    if (left)
        printf("%*s", (int)(width - (end - start) > width ? 0 : width - (end - start)), "");
    print_flat(s + start, end - start);
}

/* How many lines to print, of how wide a context. */
typedef struct printing {
    size_t limit; /* 0: all */
    size_t printed;
    int width;
} printing;

/* One concordance line: text, class, star variables, the occurrence in its context. */
static int print_hit(const cn_kwic_hit *hit, void *ctx)
{
    printing *pr = ctx;
    if (pr->limit && pr->printed >= pr->limit)
        return 0; /* counted, not printed */
    pr->printed++;
    printf("%u\t%u\t", hit->text, hit->cls);
    for (size_t v = 0; v < hit->nstars; v++)
        printf("%s%s", v ? " " : "", hit->stars[v]);
    printf("\t");
    /* the brackets alone, no space added: a quote copied from the line reads as the text
     * does, "la [méthadone], la", "s’[accumulent]" (trial 90) */
    print_context(hit->segment, hit->start, (size_t)pr->width, 1);
    fputs("[", stdout);
    print_flat(hit->segment + hit->start, hit->end - hit->start);
    fputs("]", stdout);
    print_context(hit->segment + hit->end, hit->length - hit->end, (size_t)pr->width, 0);
    putchar('\n');
    return 0;
}

/* The count on stderr: of every occurrence read, whether printed or beyond --limit, and of
 * which class with --class and which texts with --where, so that a cut or filtered list is
 * never read as the whole. */
static void say_count(const cn_where *where, int only_class, size_t limit, size_t hits,
                      const char *form, const char *which)
{
    char conds[1100] = "";
    if (only_class > 0) /* trial 72: "0 occurrences of 'squat'" was of class 3 alone */
        snprintf(conds, sizeof conds, " in the segments of class %d", only_class);
    else if (only_class == 0)
        snprintf(conds, sizeof conds, " in the unclassified segments");
    if (where->n) {
        size_t at = strlen(conds);
        snprintf(conds + at, sizeof conds - at, "%s",
                 at ? ", of the texts with " : " in the texts with ");
        cn_where_describe(where, conds + strlen(conds), sizeof conds - strlen(conds));
    }
    fprintf(stderr, "%zu occurrence%s of '%s'%s%s", hits, hits == 1 ? "" : "s", form, which, conds);
    if (limit && hits > limit)
        fprintf(stderr, " (the first %zu shown: --limit)", limit);
    fputc('\n', stderr);
}

/* A query that found nothing where the texts write the word with other accents, or none
 * ("insonia" for "insónia", trial 52): their spellings, lest a search read as the word's
 * absence. */
static void say_spelling(const char *form, uint64_t count, void *ctx)
{
    size_t *shown = ctx;
    fprintf(stderr, "%s'%s' (%llu)", (*shown)++ ? ", " : "the texts write it ", form,
            (unsigned long long)count);
}

#define SPELLINGS_SHOWN 5

int cmd_kwic(cn_command *cmd, int argc, char **argv)
{
    const char *prog = cmd->prog, *corpus = NULL;
    int only_class = -1, width = 40, limit = 0; /* -1: every segment; 0: every line */
    bool exact = false;
    cn_strlist where_list = {0};
    const cn_option options[] = {
        /* 0 is the unclassified, as everywhere else: segments.csv's class 0 */
        {CN_OPTT_INT, "--class", "K",
         "only segments of class K (0: the unclassified; default: all)", &only_class, 0, 100000,
         NULL, NULL, NULL, CN_OPT_NODEFAULT},
        CN_OPT_INT("--width", "N", &width, 5, 1000, "bytes of context on each side"),
        CN_OPT_FLAG("--exact", &exact, "the form only, not the other forms of its lemma"),
        CN_OPT_LIST("--where", "VAR=MOD[,MOD]", &where_list,
                    "only texts with one of these modalities; repeated: all must hold"),
        {CN_OPTT_INT, "--limit", "N", "print the first N lines only (the count is of all)", &limit,
         1, 100000000, NULL, NULL, NULL, CN_OPT_NODEFAULT},
        CN_OPT_STRING("--corpus", "FILE", &corpus,
                      "the run's corpus, when it has moved (checked by its SHA-256)"),
        CN_OPT_END(),
    };
    cmd->options = options;
    const char *args[2];
    int nargs, rc = cn_opt_parse(cmd, argc, argv, args, &nargs);
    cn_error err = {0};
    cn_where where = {0};
    for (size_t i = 0; rc == CN_OPT_OK && i < where_list.n; i++)
        if (cn_where_add(&where, where_list.items[i], &err) < 0)
            rc = cn_opt_fail(cmd, "%s", err.msg);
    cn_strlist_free(&where_list);
    if (rc != CN_OPT_OK)
        return ANALYSE_PARSE_EXIT(rc);
    cn_kwic_options opt = {corpus, &where, only_class, exact};
    cn_kwic *k = NULL;
    printing pr = {(size_t)limit, 0, width};
    size_t hits = 0;
    if (cn_kwic_open(args[0], args[1], &opt, &k, &err) < 0 ||
        cn_kwic_each(k, print_hit, &pr, &hits, &err) < 0) {
        fprintf(stderr, "%s: %s\n", prog, err.msg);
        cn_kwic_free(k);
        return 1;
    }
    say_count(&where, only_class, (size_t)limit, hits, args[1], cn_kwic_widened(k));
    size_t shown = 0;
    if (hits == 0 && cn_kwic_spellings(k, SPELLINGS_SHOWN, say_spelling, &shown) > 0)
        fputs(": give that spelling\n", stderr);
    cn_kwic_free(k);
    return 0;
}
