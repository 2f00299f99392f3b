/* corpus.h — the IRAMUTEQ corpus format, the contract between collector and analysis:
 * its writer (with escaping so any entry text round-trips) and its reader, side by side.
 * The reader returns a cn_corpus the caller frees with cn_corpus_free; errors come back as
 * -1 with "FILE:LINE: what was wrong" in the cn_error. */
#ifndef CARNET_CORPUS_H
#define CARNET_CORPUS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "carnet/error.h"

/* Turns any label (a site name, say) into a modality value the format accepts: accents
 * stripped, Latin letters without an accent to strip written plain (ł l, ø o, æ ae, œ oe,
 * þ th...), lower case, runs of other characters as one '_', at most size-1 bytes;
 * an empty result becomes "na". Returns false then: the label had no Latin letter or
 * digit to keep ("", "—", "Москва"). */
bool cn_corpus_modality(const char *label, char *out, size_t size);

/* True when token is a valid star token: '*' then one or more of [A-Za-z0-9_]. */
int cn_corpus_star_valid(const char *token);

/* The refusal of star token tok, read at path:line, which cn_corpus_star_valid refuses: the
 * character at fault, and the spelling to write when one keeps the code it names (the
 * '-' of "*lang_pt-BR", the accents of "*langue_français"). Returns CN_EINVALID. */
int cn_corpus_refuse_star(const char *path, size_t line, const char *tok, cn_error *err);

/* The language carnet-analyse reads a text in when neither --lang nor a *lang_ star says
 * (IRAMUTEQ's default): an export in another language must say its own. */
#define CN_CORPUS_DEFAULT_LANG "fr"
#define CN_CORPUS_VAR_MAX 64 /* bytes of a variable name, with its NUL */
/* True when name can be a variable of star tokens: 1 to 63 of [A-Za-z0-9] (the first '_'
 * of "*care_lt1" ends the variable, so a name holds none). */
int cn_corpus_var_valid(const char *name);

/* Writes one text: the "****" header line with the given star tokens (each "*var_mod"),
 * the text, and a blank line. Text lines that start with "****", "-*" or a BOM (after any
 * backslashes), or that the reader would refuse as a header out of place ("*** *a_1"), get
 * one more leading backslash, which the reader removes. Returns 0, or CN_EIO when the stream
 * failed. */
int cn_corpus_write_text(FILE *out, const char *const *stars, size_t nstars, const char *text,
                         cn_error *err);

typedef struct cn_corpus_block {
    char *thematic; /* "-*theme" label that opened the block, or NULL */
    char *body;     /* unescaped lines of the block, joined by '\n', trailing blanks dropped */
    size_t line;    /* line of the file where the block's first body line is */
} cn_corpus_block;

typedef struct cn_corpus_text {
    size_t line;  /* line of the "****" header */
    char **stars; /* its "*var_mod" tokens: one allocation with their strings */
    size_t nstars;
    cn_corpus_block *blocks; /* a thematic starts a new block: segments never span one */
    size_t nblocks;
} cn_corpus_text;

typedef struct cn_corpus {
    cn_corpus_text *texts;
    size_t ntexts;
    /* where the texts' stars, blocks and bodies are (corpus.c): a few large allocations,
     * freed at once, instead of three or more a text */
    struct cn_corpus_slab *slabs;
} cn_corpus;

/* Reads a whole corpus file. Refused with file and line: invalid UTF-8, a star token
 * outside [A-Za-z0-9_], a star with nothing after its '_' ("*care_"), a thematic before any text, a
 * header out of place (" **** *a_1", "*** *a_1": after white space or none, 3 stars or more,
 * then star tokens alone), a file with no text. A UTF-8 BOM at the head of any line is skipped
 * (files joined by cat bring one to each header after the first); blank lines before the first
 * header are ignored, any other line is refused. */
int cn_corpus_read(const char *path, cn_corpus **out, cn_error *err);
/* cn_corpus_read on up to threads threads: a file of CN_CORPUS_SPLIT_BYTES or more is read
 * in two parts at once, cut before a "****" line, into the same corpus. */
#define CN_CORPUS_SPLIT_BYTES ((size_t)4 << 20)
int cn_corpus_read_threads(const char *path, int threads, cn_corpus **out, cn_error *err);
/* The byte where cn_corpus_read_threads on 2 threads or more starts reading path's second
 * part (the start of a "****" line past its middle), 0 when one reader reads it whole, -1
 * when it cannot be opened: what a test of the two-part reading checks it had. */
long long cn_corpus_split_offset(const char *path);
void cn_corpus_free(cn_corpus *corpus);

/* The text's modality of var: what follows "*var_" in one of its stars, or NULL. */
const char *cn_corpus_value(const cn_corpus_text *t, const char *var);
/* The text's star of another modality of var than its first (*site_paris after
 * *site_lyon), or NULL. Such a text cannot be placed by var: --where and --by refuse it
 * (cn_corpus_check_one_value), and the specificities leave var out (varspec.h). */
const char *cn_corpus_second_star(const cn_corpus_text *t, const char *var);
/* CN_EINVALID, naming path:line, the two stars and what needed one modality (need: "--by
 * puts each text in one cohort"), when text t holds two modalities of var; else 0. */
int cn_corpus_check_one_value(const cn_corpus_text *t, const char *var, const char *path,
                              const char *need, cn_error *err);
/* CN_EINVALID, naming path:line and two stars, when --where cannot say whether to keep
 * text t: a condition holds for some of its modalities of a variable and not for others,
 * and no other condition drops it; else 0. */
struct cn_where;
int cn_corpus_check_where(const cn_corpus_text *t, const struct cn_where *w, const char *path,
                          cn_error *err);
/* A *lang_ modality (value, of variable var) as its language's ISO 639-1 code, in place
 * (langcode.h): `por`, `PT` and `portuguese` are the analysis's one language `pt`, so they
 * are one cohort of --by lang and one modality of --where lang=, of the tables and of the
 * specificities; a region stays, glued (`pt-BR`, `pt_br`, `ptBR` are `ptbr`, another
 * modality than `ptpt`: trial 89); a withdrawn code is its successor's (`iw` is `he`), as
 * a study stores it. Any other variable's, or an unknown code, is left as it is. The
 * corpus reader does it to every *lang_ star, and where.h to every --where lang= modality. */
void cn_corpus_lang_modality(const char *var, char *value);

/* The same for where.h's cn_where_keep, whose lookups take the text as a void pointer. */
const char *cn_corpus_where_value(void *text, const char *var);
/* Whether one of the texts texts[0 .. n) of c has a *var_ star. */
bool cn_corpus_has_variable(const cn_corpus *c, const uint32_t *texts, uint32_t n, const char *var);
/* The variables of those texts in order of first appearance ("part, sex, age"), into buf:
 * what an option naming an unknown variable could have named. "none" when they have no
 * star; "..." after CN_CORPUS_VARS_LISTED names or when buf is full. */
#define CN_CORPUS_VARS_LISTED 32
void cn_corpus_variables(const cn_corpus *c, const uint32_t *texts, uint32_t n, char *buf,
                         size_t size);
/* Notes the text's variables in a where.h tally, for a --where naming none of them. */
struct cn_where_tally;
void cn_corpus_where_note(struct cn_where_tally *tally, const cn_corpus_text *t);

#endif
