/* opt.c — option tables parsed into their bound variables (see opt.h). */
#include "carnet/opt.h"

#include <errno.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "carnet/grow.h"

int cn_strlist_add(cn_strlist *l, const char *s)
{
    if (cn_grow((void **)&l->items, &l->cap, l->n + 1, sizeof *l->items) < 0)
        return CN_ENOMEM;
    l->items[l->n++] = s;
    return CN_OK;
}

void cn_strlist_free(cn_strlist *l)
{
    free(l->items);
    memset(l, 0, sizeof *l);
}

/* The value's place in "a|b|c", or -1. */
static int choice_index(const char *choices, const char *value)
{
    size_t len = strlen(value);
    int i = 0;
    for (const char *c = choices; c; i++) {
        const char *bar = strchr(c, '|');
        size_t clen = bar ? (size_t)(bar - c) : strlen(c);
        if (clen == len && strncmp(c, value, len) == 0)
            return i;
        c = bar ? bar + 1 : NULL;
    }
    return -1;
}

/* Copies the i-th choice into buf. */
static void choice_name(const char *choices, int index, char *buf, size_t size)
{
    const char *c = index < 0 ? NULL : choices; /* -1: no default (chosen after parsing) */
    for (int i = 0; i < index && c; i++)
        c = strchr(c, '|') ? strchr(c, '|') + 1 : NULL;
    size_t len = c ? strcspn(c, "|") : 0;
    snprintf(buf, size, "%.*s", (int)len, c ? c : "");
}

/* The default shown in the help: the bound variable's value before parsing. */
static void default_text(const cn_option *o, char *buf, size_t size)
{
    buf[0] = '\0';
    if (o->flags & CN_OPT_NODEFAULT || !o->value)
        return;
    switch (o->type) {
    case CN_OPTT_STRING:
        if (*(const char **)o->value)
            snprintf(buf, size, "%s", *(const char **)o->value);
        break;
    case CN_OPTT_INT:
        snprintf(buf, size, "%d", *(const int *)o->value);
        break;
    case CN_OPTT_CHOICE:
        choice_name(o->choices, *(const int *)o->value, buf, size);
        break;
    case CN_OPTT_CALLBACK:
        if (o->show)
            o->show(o->value, buf, size);
        break;
    default:
        break;
    }
}

static void help_line(const cn_option *o, FILE *out)
{
    char left[96], def[128];
    snprintf(left, sizeof left, "%s%s%s", o->name, o->arg ? " " : "", o->arg ? o->arg : "");
    default_text(o, def, sizeof def);
    fprintf(out, "  %-26s %s", left, o->help);
    if (o->flags & CN_OPT_REQUIRED)
        fputs(" (required)", out);
    else if (def[0])
        fprintf(out, " (default %s)", def);
    if (o->type == CN_OPTT_LIST)
        fputs(" (repeatable)", out);
    fputc('\n', out);
}

void cn_opt_help(const cn_command *cmd, FILE *out)
{
    fprintf(out, "usage: %s %s%s%s [options]\n  %s\noptions:\n", cmd->prog, cmd->name,
            cmd->args ? " " : "", cmd->args ? cmd->args : "", cmd->about);
    for (const cn_option *o = cmd->options; o && o->type != CN_OPTT_END; o++)
        help_line(o, out);
    for (const cn_option *o = cmd->common; o && o->type != CN_OPTT_END; o++)
        help_line(o, out);
    fprintf(out, "  %-26s %s\n", "--help", "show this help");
}

/* ---- man pages and completion ------------------------------------------------------ */

void cn_opt_roff(FILE *out, const char *text, bool minus)
{
    if (text[0] == '.' || text[0] == '\'')
        fputs("\\&", out);
    for (const char *c = text; *c; c++) {
        if (*c == '\\')
            fputs("\\e", out);
        else if (*c == '-' && minus)
            fputs("\\-", out);
        else if (*c == '\n')
            fputs(c[1] == '.' || c[1] == '\'' ? "\n\\&" : "\n", out);
        else
            fputc(*c, out);
    }
}

void cn_opt_man_head(FILE *out, const char *page, const char *version, const char *about)
{
    fputs(".TH \"", out);
    for (const char *c = page; *c; c++)
        fputc(*c >= 'a' && *c <= 'z' ? *c - 'a' + 'A' : *c, out);
    fprintf(out, "\" 1 \"\" \"Carnet%s%s\" \"User Commands\"\n.SH NAME\n", version ? " " : "",
            version ? version : "");
    cn_opt_roff(out, page, true);
    fputs(" \\- ", out);
    cn_opt_roff(out, about, false);
    fputc('\n', out);
}

static int count_options(const cn_command *cmd)
{
    int n = 0;
    for (const cn_option *o = cmd->options; o && o->type != CN_OPTT_END; o++)
        n++;
    return n;
}

static void man_option(const cn_option *o, FILE *out)
{
    char def[128];
    default_text(o, def, sizeof def);
    fputs(".TP\n\\fB", out);
    cn_opt_roff(out, o->name, true);
    fputs("\\fR", out);
    if (o->arg) {
        fputs(" \\fI", out);
        cn_opt_roff(out, o->arg, false);
        fputs("\\fR", out);
    }
    fputc('\n', out);
    cn_opt_roff(out, o->help, false);
    if (o->flags & CN_OPT_REQUIRED)
        fputs(" (required)", out);
    else if (def[0]) {
        fputs(" (default ", out);
        cn_opt_roff(out, def, false);
        fputc(')', out);
    }
    if (o->type == CN_OPTT_LIST)
        fputs(" (repeatable)", out);
    fputc('\n', out);
}

static void man_options(const cn_command *cmd, FILE *out)
{
    for (const cn_option *o = cmd->options; o && o->type != CN_OPTT_END; o++)
        man_option(o, out);
    for (const cn_option *o = cmd->common; o && o->type != CN_OPTT_END; o++)
        man_option(o, out);
}

/* "carnet-analyse-run": the page of a command of its own. */
static void page_name(const cn_command *cmd, char *buf, size_t size)
{
    snprintf(buf, size, "%s-%s", cmd->prog, cmd->name);
    for (char *c = buf; *c; c++)
        if (*c == ' ')
            *c = '-';
}

static void man_own_page(const cn_command *cmd, FILE *out)
{
    char page[128];
    page_name(cmd, page, sizeof page);
    cn_opt_man_head(out, page, NULL, cmd->about);
    fputs(".SH SYNOPSIS\n\\fB", out);
    cn_opt_roff(out, cmd->prog, true);
    fputc(' ', out);
    cn_opt_roff(out, cmd->name, true);
    fputs("\\fR", out);
    if (cmd->args) {
        fputs(" \\fI", out);
        cn_opt_roff(out, cmd->args, false);
        fputs("\\fR", out);
    }
    fputs(" [\\fIoptions\\fR]\n.SH OPTIONS\n", out);
    man_options(cmd, out);
    fputs(".SH SEE ALSO\n\\fB", out);
    cn_opt_roff(out, cmd->prog, true);
    fputs("\\fR(1)\n", out);
}

void cn_opt_man(const cn_command *cmd, FILE *out, bool page)
{
    if (page) {
        man_own_page(cmd, out);
        return;
    }
    fputs(".SS \"", out);
    cn_opt_roff(out, cmd->name, true);
    if (cmd->args) {
        fputs(" \\fI", out);
        cn_opt_roff(out, cmd->args, false);
        fputs("\\fP", out);
    }
    fputs("\"\n", out);
    cn_opt_roff(out, cmd->about, false);
    if (count_options(cmd) > CN_OPT_MAN_OWN_PAGE) {
        /* man fills the two lines into one paragraph: the description needs its full stop */
        size_t len = strlen(cmd->about);
        if (len > 0 && !strchr(".!?", cmd->about[len - 1]))
            fputc('.', out);
        fputs("\n", out);
        char own[128];
        page_name(cmd, own, sizeof own);
        fputs("Its options are in \\fB", out);
        cn_opt_roff(out, own, true);
        fputs("\\fR(1).\n", out);
        return;
    }
    fputs("\n", out);
    man_options(cmd, out);
}

/* The arrays' prefix: "_carnet_collect" for "carnet-collect". */
static void completion_prefix(const cn_command *cmd, char *buf, size_t size)
{
    snprintf(buf, size, "_%s", cmd->prog);
    for (char *c = buf; *c; c++)
        if (*c == '-')
            *c = '_';
}

static void completion_option(const char *prefix, const cn_command *cmd, const cn_option *o,
                              FILE *out)
{
    if (o->type == CN_OPTT_CHOICE) {
        fprintf(out, "%s_vals['%s %s']='", prefix, cmd->name, o->name);
        for (const char *c = o->choices; *c; c++)
            fputc(*c == '|' ? ' ' : *c, out);
        fputs("'\n", out);
    }
    if (o->arg)
        fprintf(out, "%s_kinds['%s %s']='%s'\n", prefix, cmd->name, o->name, o->arg);
}

void cn_opt_completion(const cn_command *cmd, FILE *out)
{
    char prefix[64];
    completion_prefix(cmd, prefix, sizeof prefix);
    fprintf(out, "%s_opts['%s']='", prefix, cmd->name);
    const cn_option *tables[2] = {cmd->options, cmd->common};
    for (int t = 0; t < 2; t++)
        for (const cn_option *o = tables[t]; o && o->type != CN_OPTT_END; o++)
            fprintf(out, "%s ", o->name);
    fputs("--help'\n", out);
    fprintf(out, "%s_args['%s']='%s'\n", prefix, cmd->name, cmd->args ? cmd->args : "");
    for (int t = 0; t < 2; t++)
        for (const cn_option *o = tables[t]; o && o->type != CN_OPTT_END; o++)
            completion_option(prefix, cmd, o, out);
}

int cn_opt_fail(const cn_command *cmd, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    fprintf(stderr, "%s %s: ", cmd->prog, cmd->name);
    vfprintf(stderr, fmt, ap);
    fprintf(stderr, "\n(see '%s %s --help')\n", cmd->prog, cmd->name);
    va_end(ap);
    return CN_OPT_USAGE;
}

/* Levenshtein distance, capped: names are short, so two rows of 64 suffice. */
static size_t edit_distance(const char *a, const char *b)
{
    size_t la = strlen(a), lb = strlen(b);
    if (la > 63 || lb > 63)
        return SIZE_MAX;
    size_t prev[64], cur[64];
    for (size_t j = 0; j <= lb; j++)
        prev[j] = j;
    for (size_t i = 1; i <= la; i++) {
        cur[0] = i;
        for (size_t j = 1; j <= lb; j++) {
            size_t sub = prev[j - 1] + (a[i - 1] != b[j - 1]);
            size_t del = prev[j] + 1, ins = cur[j - 1] + 1;
            cur[j] = sub < del ? (sub < ins ? sub : ins) : (del < ins ? del : ins);
        }
        memcpy(prev, cur, (lb + 1) * sizeof *prev);
    }
    return prev[lb];
}

const char *cn_opt_suggest(const char *word, const char *const *names, size_t n)
{
    const char *best = NULL;
    size_t best_d = 3, ties = 0, wlen = strlen(word);
    for (size_t i = 0; i < n; i++) {
        /* "--seg" for "--segment-size": a prefix counts as one edit. */
        size_t d =
            wlen >= 3 && strncmp(names[i], word, wlen) == 0 ? 1 : edit_distance(word, names[i]);
        if (d < best_d) {
            best = names[i];
            best_d = d;
            ties = 0;
        } else if (d == best_d && best && strcmp(names[i], best) != 0) {
            ties++;
        }
    }
    return ties ? NULL : best;
}

static const cn_option *find(const cn_option *table, const char *name, size_t len)
{
    for (const cn_option *o = table; o && o->type != CN_OPTT_END; o++)
        if (strlen(o->name) == len && strncmp(o->name, name, len) == 0)
            return o;
    return NULL;
}

static int unknown_option(const cn_command *cmd, const char *a, size_t len)
{
    const char *names[256];
    size_t n = 0;
    const cn_option *tables[2] = {cmd->options, cmd->common};
    for (int t = 0; t < 2; t++)
        for (const cn_option *o = tables[t]; o && o->type != CN_OPTT_END && n < 256; o++)
            names[n++] = o->name;
    char word[128];
    snprintf(word, sizeof word, "%.*s", (int)(len < 127 ? len : 127), a);
    const char *near = cn_opt_suggest(word, names, n);
    /* "--out" for "-o": a long word whose first letter is a short option's, when no long
     * option is a near miss. */
    for (size_t i = 0; i < n && word[0] == '-' && word[1] == '-' && word[2]; i++)
        if (strlen(names[i]) == 2 && names[i][1] == word[2] &&
            (!near || edit_distance(word, near) > 1))
            near = names[i];
    if (near)
        return cn_opt_fail(cmd, "unknown option '%s'; did you mean '%s'?", word, near);
    return cn_opt_fail(cmd, "unknown option '%s'", word);
}

static int parse_int(const cn_command *cmd, const cn_option *o, const char *text)
{
    char *end;
    errno = 0;
    long v = strtol(text, &end, 10);
    if (!*text || *end || errno || v < o->min || v > o->max)
        return cn_opt_fail(cmd, "%s '%s': expected a whole number from %ld to %ld", o->name, text,
                           o->min, o->max);
    *(int *)o->value = (int)v;
    return CN_OPT_OK;
}

/* Stores one value into the option's variable. */
static int assign(const cn_command *cmd, const cn_option *o, const char *value)
{
    switch (o->type) {
    case CN_OPTT_FLAG:
        *(bool *)o->value = true;
        return CN_OPT_OK;
    case CN_OPTT_STRING:
        *(const char **)o->value = value;
        return CN_OPT_OK;
    case CN_OPTT_INT:
        return parse_int(cmd, o, value);
    case CN_OPTT_CHOICE: {
        int k = choice_index(o->choices, value);
        if (k < 0)
            return cn_opt_fail(cmd, "%s '%s': expected one of %s", o->name, value, o->choices);
        *(int *)o->value = k;
        return CN_OPT_OK;
    }
    case CN_OPTT_LIST:
        if (cn_strlist_add(o->value, value) < 0)
            return cn_opt_fail(cmd, "out of memory");
        return CN_OPT_OK;
    case CN_OPTT_CALLBACK: {
        cn_error err = {0};
        if (o->parse(value, o->value, &err) < 0)
            return cn_opt_fail(cmd, "%s '%s': %s", o->name, value, err.msg);
        return CN_OPT_OK;
    }
    case CN_OPTT_END:
        break;
    }
    return cn_opt_fail(cmd, "%s: unknown option type", o->name);
}

/* How often each option was seen, to refuse a repeated single-value option and to find a
 * missing required one: own[i] for cmd->options[i], common[i] for cmd->common[i]. */
typedef struct seen_counts {
    unsigned char own[64], common[64];
} seen_counts;

/* Finds the option named by a[0..len) in table; *index is its place. */
static const cn_option *lookup(const cn_option *table, const char *a, size_t len, size_t *index)
{
    const cn_option *o = find(table, a, len);
    if (o)
        *index = (size_t)(o - table);
    return o;
}

static int one_option(const cn_command *cmd, seen_counts *seen, int argc, char **argv, int *i)
{
    const char *a = argv[*i];
    const char *eq = strchr(a, '=');
    size_t len = eq ? (size_t)(eq - a) : strlen(a), k = 0;
    unsigned char *count = NULL;
    const cn_option *o = lookup(cmd->options, a, len, &k);
    if (o)
        count = k < 64 ? &seen->own[k] : NULL;
    else if ((o = lookup(cmd->common, a, len, &k)))
        count = k < 64 ? &seen->common[k] : NULL;
    else
        return unknown_option(cmd, a, len);
    if (count && *count && o->type == CN_OPTT_FLAG) /* trial 75: "it takes one value" */
        return cn_opt_fail(cmd, "option '%s' given twice", o->name);
    if (count && *count && o->type != CN_OPTT_LIST)
        return cn_opt_fail(cmd, "option '%s' given twice; it takes one value", o->name);
    if (count && *count < 255)
        (*count)++;
    if (o->type == CN_OPTT_FLAG) {
        if (eq)
            return cn_opt_fail(cmd, "option '%s' takes no value", o->name);
        return assign(cmd, o, "1");
    }
    if (eq)
        return assign(cmd, o, eq + 1);
    if (*i + 1 >= argc)
        return cn_opt_fail(cmd, "option '%s' needs a value (%s)", o->name, o->arg);
    return assign(cmd, o, argv[++*i]);
}

static int check_required(const cn_command *cmd, const seen_counts *seen)
{
    for (size_t k = 0; cmd->options && cmd->options[k].type != CN_OPTT_END && k < 64; k++) {
        const cn_option *o = &cmd->options[k];
        if (o->flags & CN_OPT_REQUIRED && !seen->own[k])
            return cn_opt_fail(cmd, "%s is required", o->name);
    }
    return CN_OPT_OK;
}

int cn_opt_parse(const cn_command *cmd, int argc, char **argv, const char **args, int *nargs)
{
    seen_counts seen = {{0}, {0}};
    bool only_args = false;
    *nargs = 0;
    for (int i = 0; i < argc; i++) {
        const char *a = argv[i];
        if (only_args || a[0] != '-' || strcmp(a, "-") == 0) {
            if (*nargs == cmd->max_args)
                return cn_opt_fail(cmd, "unexpected argument '%s'", a);
            args[(*nargs)++] = a;
        } else if (strcmp(a, "--") == 0) {
            only_args = true;
        } else if (strcmp(a, "--help") == 0 || strcmp(a, "-h") == 0) {
            cn_opt_help(cmd, stdout);
            return CN_OPT_HELP;
        } else if (strcmp(a, "--help-man") == 0 || strcmp(a, "--help-man-page") == 0) {
            cn_opt_man(cmd, stdout, strcmp(a, "--help-man-page") == 0);
            return CN_OPT_HELP;
        } else if (strcmp(a, "--help-completion") == 0) {
            cn_opt_completion(cmd, stdout);
            return CN_OPT_HELP;
        } else {
            int rc = one_option(cmd, &seen, argc, argv, &i);
            if (rc != CN_OPT_OK)
                return rc;
        }
    }
    if (*nargs < cmd->min_args)
        return cn_opt_fail(cmd, "expected %s", cmd->args ? cmd->args : "no argument");
    return check_required(cmd, &seen);
}

const char *cn_opt_stdout_failure(void)
{
    if (errno)
        return strerror(errno);
    return write(STDOUT_FILENO, "", 0) < 0 ? strerror(errno) : "not written whole";
}

int cn_opt_flush_stdout(const char *prog, int rc, const char *done)
{
    errno = 0;
    if (fflush(stdout) == 0 && !ferror(stdout))
        return rc;
    if (rc == 0)
        fprintf(stderr, "%s: standard output: %s%s%s\n", prog, cn_opt_stdout_failure(),
                done ? "; " : "", done ? done : "");
    return rc == 0 ? 1 : rc;
}
