/* main.c — carnet-analyse: Reinert's classification of IRAMUTEQ corpora and matrices.
 * Dispatches to one cmd_*.c per subcommand. */
#include <stdio.h>
#include <string.h>

#include "analyse.h"

typedef struct subcommand {
    const char *name;
    int (*run)(const char *prog, int argc, char **argv);
    const char *about;
} subcommand;

static const subcommand subcommands[] = {
    {"run", cmd_run, "Reinert classification of an IRAMUTEQ corpus, with profiles"},
    {"stats", cmd_stats, "corpus statistics alone"},
    {"kwic", cmd_kwic, "concordance of a form in a finished run"},
    {"classify", cmd_classify, "classify the rows of a binary Matrix Market matrix"},
};

static void usage(FILE *out)
{
    fprintf(out, "usage: carnet-analyse COMMAND [ARGS] [--help]\n\ncommands:\n");
    for (size_t i = 0; i < sizeof subcommands / sizeof *subcommands; i++)
        fprintf(out, "  %-10s %s\n", subcommands[i].name, subcommands[i].about);
}

int main(int argc, char **argv)
{
    const char *prog = "carnet-analyse";
    if (argc < 2) {
        usage(stderr);
        return 2;
    }
    if (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0) {
        usage(stdout);
        return 0;
    }
    if (strcmp(argv[1], "--version") == 0) {
        printf("carnet-analyse %s\n", CARNET_VERSION);
        return 0;
    }
    for (size_t i = 0; i < sizeof subcommands / sizeof *subcommands; i++)
        if (strcmp(argv[1], subcommands[i].name) == 0)
            return subcommands[i].run(prog, argc - 2, argv + 2);
    const char *names[sizeof subcommands / sizeof *subcommands];
    for (size_t i = 0; i < sizeof subcommands / sizeof *subcommands; i++)
        names[i] = subcommands[i].name;
    const char *near = cn_opt_suggest(argv[1], names, sizeof names / sizeof *names);
    fprintf(stderr, "%s: '%s' is not a command", prog, argv[1]);
    if (near)
        fprintf(stderr, "; did you mean '%s'?", near);
    fputc('\n', stderr);
    usage(stderr);
    return 2;
}
