/* test_opt.c — the option framework (opt.h) and the --where conditions (where.h): typed
 * options bound to variables, repeatable lists, refusals, "did you mean", generated help;
 * AND across conditions, OR within one, and refusals that name the modalities. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <fcntl.h>
#include <unistd.h>

#include "carnet/opt.h"
#include "carnet/where.h"

typedef struct bound {
    bool flag;
    const char *out;
    int size, method;
    cn_strlist where;
} bound;

/* Parses the words of line (space-separated, at most 16) against a fixed table; with
 * stderr sent to /dev/null, since refusals print there. */
static int parse_line(bound *b, const char *line, const char **args, int *nargs)
{
    static char buf[512];
    char *argv[16];
    int argc = 0;
    snprintf(buf, sizeof buf, "%s", line);
    for (char *w = strtok(buf, " "); w && argc < 16; w = strtok(NULL, " "))
        argv[argc++] = w;
    const cn_option options[] = {
        CN_OPT_FLAG("--flag", &b->flag, "a flag"),
        CN_OPT_REQUIRED_STRING("-o", "DIR", &b->out, "output"),
        CN_OPT_INT("--segment-size", "N", &b->size, 5, 100, "segment size"),
        CN_OPT_CHOICE("--method", "simple|double", &b->method, "method"),
        CN_OPT_LIST("--where", "VAR=MOD", &b->where, "conditions"),
        CN_OPT_END(),
    };
    cn_command cmd = {.prog = "test",
                      .name = "run",
                      .args = "CORPUS",
                      .about = "a test",
                      .options = options,
                      .min_args = 1,
                      .max_args = 1};
    fflush(stderr);
    int saved = dup(STDERR_FILENO), null = open("/dev/null", O_WRONLY);
    dup2(null, STDERR_FILENO);
    int rc = cn_opt_parse(&cmd, argc, argv, args, nargs);
    fflush(stderr);
    dup2(saved, STDERR_FILENO); /* cmocka reports failures on stderr */
    close(saved);
    close(null);
    return rc;
}

static void binds_typed_values(void **state)
{
    (void)state;
    bound b = {.size = 40};
    const char *args[1];
    int n;
    assert_int_equal(parse_line(&b,
                                "c.txt -o out --flag --segment-size=12 --method double "
                                "--where care=lt1 --where sex=f",
                                args, &n),
                     CN_OPT_OK);
    assert_int_equal(n, 1);
    assert_string_equal(args[0], "c.txt");
    assert_true(b.flag);
    assert_string_equal(b.out, "out");
    assert_int_equal(b.size, 12);
    assert_int_equal(b.method, 1);
    assert_int_equal(b.where.n, 2); /* a repeated list keeps every value, in order */
    assert_string_equal(b.where.items[0], "care=lt1");
    assert_string_equal(b.where.items[1], "sex=f");
    cn_strlist_free(&b.where);
}

static void refuses_what_it_cannot_honour(void **state)
{
    (void)state;
    const char *lines[] = {
        "c.txt -o a -o b",              /* a single value given twice */
        "c.txt -o a --segment-size 4",  /* out of range */
        "c.txt -o a --segment-size 1x", /* not a number */
        "c.txt -o a --method triple",   /* not a choice */
        "c.txt -o a --flag=yes",        /* a flag takes no value */
        "c.txt -o a --flag --flag",     /* a flag given twice */
        "c.txt -o a --segment-sise 20", /* unknown */
        "c.txt",                        /* -o is required */
        "-o a",                         /* CORPUS is missing */
        "c.txt d.txt -o a",             /* one argument too many */
        "c.txt -o",                     /* a value is missing */
    };
    for (size_t i = 0; i < sizeof lines / sizeof *lines; i++) {
        bound b = {.size = 40};
        const char *args[1];
        int n;
        assert_int_equal(parse_line(&b, lines[i], args, &n), CN_OPT_USAGE);
        cn_strlist_free(&b.where);
    }
}

static void suggests_the_nearest_name(void **state)
{
    (void)state;
    const char *names[] = {"--segment-size", "--min-freq", "--min-class", "--method"};
    assert_string_equal(cn_opt_suggest("--segment-sise", names, 4), "--segment-size");
    assert_string_equal(cn_opt_suggest("--segm", names, 4), "--segment-size"); /* prefix */
    assert_string_equal(cn_opt_suggest("--metod", names, 4), "--method");
    assert_null(cn_opt_suggest("--min", names, 4)); /* two equally near: no guess */
    assert_null(cn_opt_suggest("--colour", names, 4));
    /* a name three edits away is no suggestion (this path once read a NULL best) */
    const char *far[] = {"xyz"};
    assert_null(cn_opt_suggest("abc", far, 1));
    /* the same name twice is no tie */
    const char *twice[] = {"participant", "participant", "export"};
    assert_string_equal(cn_opt_suggest("participants", twice, 3), "participant");
}

static void help_shows_each_default_once(void **state)
{
    (void)state;
    int size = 40, method = 0;
    const char *lang = "fr";
    const cn_option options[] = {
        CN_OPT_INT("--segment-size", "N", &size, 5, 100, "segment size"),
        CN_OPT_CHOICE("--method", "simple|double", &method, "method"),
        CN_OPT_STRING("--lang", "L", &lang, "language"),
        CN_OPT_END(),
    };
    cn_command cmd = {.prog = "p", .name = "run", .about = "a", .options = options};
    char *text = NULL;
    size_t len = 0;
    FILE *out = open_memstream(&text, &len);
    cn_opt_help(&cmd, out);
    fclose(out);
    assert_non_null(strstr(text, "segment size (default 40)"));
    assert_non_null(strstr(text, "method (default simple)"));
    assert_non_null(strstr(text, "language (default fr)"));
    free(text);
}

/* A text's modality of var, from "var=value" pairs separated by spaces. */
static const char *pairs_value(void *ctx, const char *var)
{
    static char value[64];
    const char *p = ctx;
    size_t len = strlen(var);
    while (p && *p) {
        if (strncmp(p, var, len) == 0 && p[len] == '=') {
            size_t n = strcspn(p + len + 1, " ");
            snprintf(value, sizeof value, "%.*s", (int)n, p + len + 1);
            return value;
        }
        p = strchr(p, ' ');
        p = p ? p + 1 : NULL;
    }
    return NULL;
}

static const char *texts[] = {"care=lt1 sex=f", "care=lt1 sex=m", "care=gt3 sex=f",
                              "care=1to3 sex=f", "care=gt3 sex=m"};

static size_t kept(const cn_where *w, cn_where_tally *t)
{
    memset(t, 0, sizeof *t);
    size_t n = 0;
    for (size_t i = 0; i < sizeof texts / sizeof *texts; i++)
        n += cn_where_keep(w, pairs_value, (void *)texts[i], t);
    return n;
}

static void where_ands_conditions_and_ors_modalities(void **state)
{
    (void)state;
    cn_where w = {0};
    cn_where_tally t;
    cn_error err = {0};
    assert_int_equal(cn_where_add(&w, "care=lt1,gt3", &err), CN_OK);
    assert_int_equal(kept(&w, &t), 4);
    assert_int_equal(cn_where_add(&w, "sex=f", &err), CN_OK);
    assert_int_equal(kept(&w, &t), 2); /* lt1 f and gt3 f */
    assert_int_equal(cn_where_check(&w, &t, "c.txt", &err), CN_OK);
    assert_int_equal(cn_where_add(&w, "care=1to3", &err), CN_EDUPLICATE);
    assert_int_equal(cn_where_add(&w, "care", &err), CN_EINVALID);
    assert_int_equal(cn_where_add(&w, "=x", &err), CN_EINVALID);
    assert_int_equal(cn_where_add(&w, "site=a,,b", &err), CN_EINVALID);
    /* an empty modality wherever the comma is; one given twice is named, not counted as
     * a modality no text has */
    const char *empty[] = {"site=,a", "site=a,", "site=,"};
    for (size_t i = 0; i < 3; i++) {
        assert_int_equal(cn_where_add(&w, empty[i], &err), CN_EINVALID);
        assert_non_null(strstr(err.msg, "an empty modality"));
    }
    assert_int_equal(cn_where_add(&w, "site=a,b,a", &err), CN_EDUPLICATE);
    assert_non_null(strstr(err.msg, "--where 'site=a,b,a': a is given twice"));
    assert_int_equal(w.n, 2); /* nothing added by a refusal */
}

/* "site = a, b" is typing, not a modality " b": each piece is taken without its blanks,
 * and a blank inside one (which no star can hold) is refused. */
static void where_takes_pieces_without_their_blanks(void **state)
{
    (void)state;
    cn_where w = {0};
    cn_where_tally t;
    cn_error err = {0};
    assert_int_equal(cn_where_add(&w, " care = lt1 , gt3 ", &err), CN_OK);
    assert_string_equal(w.conds[0].var, "care");
    assert_int_equal(w.conds[0].nvalues, 2);
    assert_string_equal(w.conds[0].values[0], "lt1");
    assert_string_equal(w.conds[0].values[1], "gt3");
    assert_int_equal(kept(&w, &t), 4);
    assert_int_equal(cn_where_add(&w, "care\t=1to3", &err), CN_EDUPLICATE);
    assert_int_equal(cn_where_add(&w, "sex=f m", &err), CN_EINVALID);
    assert_non_null(strstr(err.msg, "'f m' holds a blank"));
    assert_int_equal(cn_where_add(&w, "sex = ", &err), CN_EINVALID);
    assert_int_equal(cn_where_add(&w, "sex=f, ", &err), CN_EINVALID);
    assert_non_null(strstr(err.msg, "an empty modality"));
    assert_int_equal(cn_where_add(&w, "site=a, b ,a", &err), CN_EDUPLICATE);
    assert_int_equal(w.n, 1);
}

static void where_refuses_what_matches_nothing(void **state)
{
    (void)state;
    cn_where w = {0};
    cn_where_tally t;
    cn_error err = {0};
    assert_int_equal(cn_where_add(&w, "care=lt1,lt2", &err), CN_OK);
    kept(&w, &t);
    assert_int_equal(cn_where_check(&w, &t, "c.txt", &err), CN_EEMPTY);
    assert_non_null(strstr(err.msg, "c.txt: --where care=lt2"));
    assert_non_null(strstr(err.msg, "the modalities of care are: 1to3, gt3, lt1"));

    cn_where v = {0};
    assert_int_equal(cn_where_add(&v, "mood=good", &err), CN_OK);
    kept(&v, &t);
    assert_int_equal(cn_where_check(&v, &t, "c.txt", &err), CN_EEMPTY);
    assert_non_null(strstr(err.msg, "no text has a mood variable"));
    /* with the texts' variables noted, the message lists them (sorted, each once) */
    cn_where_note_variable(&t, "sex", 3);
    cn_where_note_variable(&t, "care_lt1", 4);
    cn_where_note_variable(&t, "sex", 3);
    assert_int_equal(cn_where_check(&v, &t, "c.txt", &err), CN_EEMPTY);
    assert_non_null(
        strstr(err.msg, "no text has a mood variable; the variables of the texts are: care, sex"));

    cn_where u = {0};
    assert_int_equal(cn_where_add(&u, "care=1to3", &err), CN_OK);
    assert_int_equal(cn_where_add(&u, "sex=m", &err), CN_OK);
    assert_int_equal(kept(&u, &t), 0);
    assert_int_equal(cn_where_check(&u, &t, "c.txt", &err), CN_EEMPTY);
    assert_non_null(strstr(err.msg, "no text satisfies all of --where care=1to3 sex=m"));
}

/* "site=lisboa" beside texts of *site_Lisboa: left out without a word, a study's cohort
 * halved (trial 52). Refused with the way to keep both; both given, kept. */
static void where_refuses_to_drop_a_case_twin(void **state)
{
    (void)state;
    static const char *sites[] = {"site=lisboa", "site=Lisboa", "site=porto", "site=Lisboa"};
    cn_where w = {0};
    cn_where_tally *t = calloc(1, sizeof *t);
    cn_error err = {0};
    assert_int_equal(cn_where_add(&w, "site=lisboa", &err), CN_OK);
    for (size_t i = 0; i < 4; i++)
        cn_where_keep(&w, pairs_value, (void *)sites[i], t);
    assert_int_equal(t->kept, 1);
    assert_int_equal(cn_where_check(&w, t, "c.txt", &err), CN_EINVALID);
    assert_non_null(strstr(err.msg, "c.txt: --where site=lisboa leaves out 2 texts of "
                                    "*site_Lisboa, a modality of its own that differs only by "
                                    "case; to keep both, write --where site=lisboa,Lisboa"));
    cn_where both = {0};
    assert_int_equal(cn_where_add(&both, "site=lisboa,Lisboa", &err), CN_OK);
    memset(t, 0, sizeof *t);
    for (size_t i = 0; i < 4; i++)
        cn_where_keep(&both, pairs_value, (void *)sites[i], t);
    assert_int_equal(t->kept, 3);
    assert_int_equal(cn_where_check(&both, t, "c.txt", &err), CN_OK);
    /* with other modalities in the condition, the fix keeps them (trial 53) */
    cn_where two = {0};
    assert_int_equal(cn_where_add(&two, "site=porto, lisboa", &err), CN_OK);
    memset(t, 0, sizeof *t);
    for (size_t i = 0; i < 4; i++)
        cn_where_keep(&two, pairs_value, (void *)sites[i], t);
    assert_int_equal(cn_where_check(&two, t, "c.txt", &err), CN_EINVALID);
    assert_non_null(strstr(err.msg, "write --where site=porto,lisboa,Lisboa ("));
    free(t);
}

/* --where lang=pt keeps every region of Portuguese, lang=ptbr Brazil's alone, and a --by
 * lang cohort its own modality alone (trial 89). */
static void where_lang_keeps_a_language_with_its_regions(void **state)
{
    (void)state;
    static const char *langs[] = {"lang=pt", "lang=ptbr", "lang=ptpt", "lang=fr", "lang=frca"};
    struct {
        const char *expr;
        bool cohort;
        size_t kept;
    } cases[] = {{"lang=pt", false, 3}, {"lang=pt_BR", false, 1},   {"lang=ptbr,ptpt", false, 2},
                 {"lang=pt", true, 1},  {"lang=fr,ptbr", false, 3}, {"lang=frca", true, 1}};
    cn_error err = {0};
    for (size_t k = 0; k < sizeof cases / sizeof *cases; k++) {
        cn_where w = {0};
        if (cases[k].cohort)
            assert_int_equal(cn_where_add_cohort(&w, "lang", strchr(cases[k].expr, '=') + 1, &err),
                             CN_OK);
        else
            assert_int_equal(cn_where_add(&w, cases[k].expr, &err), CN_OK);
        size_t n = 0;
        for (size_t i = 0; i < sizeof langs / sizeof *langs; i++)
            n += cn_where_keep(&w, pairs_value, (void *)langs[i], NULL);
        assert_int_equal(n, cases[k].kept);
    }
    /* a cohort whose modality is longer than --where takes is said as the cohort's (trial
     * 94: the message named a --where nobody typed) */
    char longer[300];
    memset(longer, 'a', sizeof longer - 1);
    longer[sizeof longer - 1] = '\0';
    cn_where cohort = {0};
    assert_int_equal(cn_where_add_cohort(&cohort, "note", longer, &err), CN_EINVALID);
    assert_non_null(strstr(err.msg, "is 299 bytes: a cohort of --by, as a modality of --where, is"
                                    " at most 127"));
    assert_null(strstr(err.msg, "--where 'note="));
    /* a text kept by two of the values counts for both: none of them keeps nothing */
    cn_where both = {0};
    cn_where_tally *t = calloc(1, sizeof *t);
    assert_int_equal(cn_where_add(&both, "lang=pt,ptbr", &err), CN_OK);
    for (size_t i = 0; i < 3; i++)
        cn_where_keep(&both, pairs_value, (void *)langs[i], t);
    assert_int_equal(t->kept, 3);
    assert_int_equal(cn_where_check(&both, t, "c.txt", &err), CN_OK);
    free(t);
    cn_where site = {0}; /* another variable's modalities are whole words */
    assert_int_equal(cn_where_add(&site, "site=pt", &err), CN_OK);
    assert_false(cn_where_keep(&site, pairs_value, (void *)"site=ptbr", NULL));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(binds_typed_values),
        cmocka_unit_test(refuses_what_it_cannot_honour),
        cmocka_unit_test(suggests_the_nearest_name),
        cmocka_unit_test(help_shows_each_default_once),
        cmocka_unit_test(where_ands_conditions_and_ors_modalities),
        cmocka_unit_test(where_takes_pieces_without_their_blanks),
        cmocka_unit_test(where_refuses_to_drop_a_case_twin),
        cmocka_unit_test(where_lang_keeps_a_language_with_its_regions),
        cmocka_unit_test(where_refuses_what_matches_nothing),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
