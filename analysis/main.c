/* main.c — carnet-analyse: Reinert's classification of IRAMUTEQ corpora and matrices.
 * One table of commands, git-style: name, arguments and help here, options in each
 * cmd_*.c. */
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "analyse.h"
#include "carnet/nodump.h"
#include "carnet/run_versions.h"

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

enum { NSUBCOMMANDS = sizeof subcommands / sizeof *subcommands };

/* Runs subcommand c on argv[0..argc) (the words after its name). */
static int start(const subcommand *c, int argc, char **argv)
{
    cn_command cmd = {.prog = "carnet-analyse",
                      .name = c->name,
                      .args = c->args,
                      .about = c->details,
                      .min_args = c->min_args,
                      .max_args = c->max_args};
    return c->run(&cmd, argc, argv);
}

/* Every subcommand asked for its part of the man page or the completion, which its
 * option table answers (opt.h); one that does not (a non-zero status) fails the build
 * rather than leave a hole in the page. */
static int each_subcommand(const char *hidden_option)
{
    for (size_t i = 0; i < NSUBCOMMANDS; i++) {
        fflush(stdout);
        int rc = start(&subcommands[i], 1, (char *[]){(char *)hidden_option, NULL});
        if (rc != 0) {
            fprintf(stderr, "carnet-analyse: %s did not answer %s\n", subcommands[i].name,
                    hidden_option);
            return rc;
        }
    }
    fflush(stdout);
    return 0;
}

/* carnet-analyse(1), generated at build time (CMakeLists.txt) from the tables. */
static int man_page(void)
{
    cn_opt_man_head(stdout, "carnet-analyse", CARNET_VERSION,
                    "Reinert's classification of IRAMUTEQ corpora");
    printf(".SH SYNOPSIS\n\\fBcarnet\\-analyse\\fR \\fICOMMAND\\fR [\\fIARGS\\fR] "
           "[\\fIoptions\\fR]\n.br\n\\fBcarnet\\-analyse\\fR \\fB\\-\\-version\\fR | "
           "\\fB\\-\\-help\\fR\n.SH DESCRIPTION\nClassifies the segments (or texts) of an "
           "IRAMUTEQ corpus by Reinert's descending hierarchical classification, and writes "
           "the classes' profiles, their typical segments and a report (report.html) into an "
           "output folder, with manifest.json, the record of the run.\n.SH COMMANDS\n");
    if (each_subcommand("--help-man") != 0)
        return 1;
    printf(".SH EXIT STATUS\n0 on success, 1 on an error, 2 on a usage error.\n"
           ".SH SEE ALSO\n\\fBcarnet\\-analyse\\-run\\fR(1), \\fBcarnet\\-collect\\fR(1)\n");
    return 0;
}

/* The bash completion's tables (its logic is scripts/completion.bash). */
static int completion(void)
{
    printf("declare -gA _carnet_analyse_opts=() _carnet_analyse_args=() _carnet_analyse_vals=() "
           "_carnet_analyse_kinds=()\n_carnet_analyse_globals='--help --version'\n");
    if (each_subcommand("--help-completion") != 0)
        return 1;
    printf("_carnet_analyse() { _carnet_complete _carnet_analyse; }\n"
           "complete -F _carnet_analyse carnet-analyse\n");
    return 0;
}

/* The program but its last flush; *ran: the subcommand run, or NULL. */
static int analyse(int argc, char **argv, const subcommand **ran)
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
    if (strcmp(argv[1], "--help-man") == 0)
        return man_page();
    if (strcmp(argv[1], "--help-completion") == 0)
        return completion();
    if (strcmp(argv[1], "--version") == 0) {
        cn_version v[CN_VERSIONS_MAX];
        cn_versions_print("carnet-analyse", CARNET_VERSION, v, cn_run_versions(v), stdout);
        return 0;
    }
    for (size_t i = 0; i < sizeof subcommands / sizeof *subcommands; i++)
        if (strcmp(argv[1], subcommands[i].name) == 0) {
            *ran = &subcommands[i];
            return start(&subcommands[i], argc - 2, argv + 2);
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

int main(int argc, char **argv)
{
    /* first: a crash would otherwise write the corpus held in memory to a core file */
    cn_nodump_start();
    /* A file size limit (ulimit -f) makes a write fail with "File too large", said naming
     * the file, its temporary removed, where SIGXFSZ killed the program without a word and
     * left the temporary copy of the diaries (trial 81). */
    signal(SIGXFSZ, SIG_IGN);
    const subcommand *ran = NULL;
    int rc = analyse(argc, argv, &ran);
    /* a run's folder is whole when only its messages are lost */
    bool run = ran && strcmp(ran->name, "run") == 0;
    return cn_opt_flush_stdout("carnet-analyse", rc,
                               run ? "the run's folder is written whole: only its messages were"
                                     " lost"
                                   : NULL);
}
