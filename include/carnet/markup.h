/* markup.h — text safely inside HTML or XML (the report, GraphML, comparison pages), or a
 * shell command a message offers. cn_markup_text writes to a caller-owned FILE and
 * returns nothing: a write that failed is the stream's error, which its closing reports
 * (cn_out_close). */
#ifndef CARNET_MARKUP_H
#define CARNET_MARKUP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

/* Writes text with & < > " escaped. */
void cn_markup_text(FILE *out, const char *text);

/* s as one word of a shell command, into out (size bytes): as it is when it holds only
 * letters, digits and ._/-+,:@, else between single quotes, a quote inside as '\'', and
 * after "./" when it begins with '-', which a command would take for options. False
 * when it does not fit whole: a message then offers no command, since a command cut in a
 * quote waits for the keyboard (trial 91). */
bool cn_markup_shell_word(const char *s, char *out, size_t size);

#endif
