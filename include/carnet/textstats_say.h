/* textstats_say.h — what the corpus statistics say, in words: the summary `stats` prints,
 * the warnings `stats` and `run` give, and the header lines every message names. Writes
 * on the caller's FILE; nothing to free, no error returned (a failed write is the
 * stream's). */
#ifndef CARNET_TEXTSTATS_SAY_H
#define CARNET_TEXTSTATS_SAY_H

#include <stdio.h>

#include "carnet/textstats.h"

/* The summary `stats` prints: texts, segments, forms, hapaxes, lemmas, languages. */
void cn_textstats_print(FILE *out, const cn_textstats *s);
/* The header lines of the texts without a word, as every message gives them: "line 3",
 * "lines 3, 9 and 2 more" (digits only: as fit for HTML as for a terminal). */
void cn_textstats_print_empty_lines(FILE *out, const cn_textstats *s);
/* Those of the texts read in another language than their stop words': "headers at lines
 * 4, 12 and 8 more". */
void cn_textstats_print_other_lines(FILE *out, const cn_textstats *s);
/* "PROG: warning: WHERE: ..." and "PROG: note: ..." lines on out, one for each thing the
 * statistics found (several languages, accent variants, texts without a word, scripts,
 * transcription markers, capitals...): nothing when none. */
void cn_textstats_warn(FILE *out, const char *prog, const char *where, const cn_textstats *s);

#endif
