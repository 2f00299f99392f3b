/* main.c — carnet-analyse: Reinert's classification of IRAMUTEQ corpora and matrices.
 * One table of commands, git-style: name, arguments and help here, options in each
 * cmd_*.c. */
#include <stdio.h>
#include <string.h>

#include "analyse.h"
#include "carnet/versions.h"

typedef struct subcommand {
    const char *name;
    const char *args; /* in the usage line */
    int min_args, max_args;
    int (*run)(cn_command *cmd, int argc, char **argv);
    const char *about;   /* in the list of commands */
    const char *details; /* in the command's --help */
} subcommand;

static const subcommand subcommands[] = {
    {"run", "CORPUS", 1, 1, cmd_run, "Reinert classification of an IRAMUTEQ corpus, with profiles",
     "Reinert classification of an IRAMUTEQ corpus"},
    {"stats", "CORPUS", 1, 1, cmd_stats, "corpus statistics alone",
     "corpus statistics: texts, segments, forms, hapax"},
    {"kwic", "OUT FORM", 2, 2, cmd_kwic, "concordance of a form in a finished run",
     "concordance of a form in a finished run, with each text's variables"},
    {"classify", "MATRIX.mtx", 1, 1, cmd_classify,
     "classify the rows of a binary Matrix Market matrix",
     "descending hierarchical classification of a binary matrix"},
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
        cn_versions_print("carnet-analyse", CARNET_VERSION, stdout);
        return 0;
    }
    for (size_t i = 0; i < sizeof subcommands / sizeof *subcommands; i++)
        if (strcmp(argv[1], subcommands[i].name) == 0) {
            const subcommand *c = &subcommands[i];
            cn_command cmd = {.prog = prog,
                              .name = c->name,
                              .args = c->args,
                              .about = c->details,
                              .min_args = c->min_args,
                              .max_args = c->max_args};
            return c->run(&cmd, argc - 2, argv + 2);
        }
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
