/* utf8.h — strict UTF-8 validation shared by the collector's imports and the corpus reader,
 * and the refusal every reader gives. Pure functions on caller-owned buffers. */
#ifndef CARNET_UTF8_H
#define CARNET_UTF8_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "carnet/error.h"

/* True when buf[0..len) is well-formed UTF-8 (no overlongs, surrogates or code points
 * above U+10FFFF). On false, *bad_offset (if not NULL) is the byte offset of the first
 * invalid sequence. */
bool cn_utf8_valid(const char *buf, size_t len, size_t *bad_offset);

/* The length in bytes of the longest prefix of s (NUL-terminated) that is at most max bytes
 * and ends on a character boundary: where to cut a label or a line without splitting a
 * character. */
size_t cn_utf8_prefix(const char *s, size_t max);

/* The length in bytes of the longest prefix of s[0..len) that is at most max bytes and
 * ends on a character boundary (s need not be terminated). */
size_t cn_utf8_cut(const char *s, size_t len, size_t max);

/* 3 when buf[0..len) starts with a UTF-8 byte order mark (as Notepad and Excel write it
 * at the head of a file), else 0: how many bytes a reader skips on its first line. */
size_t cn_utf8_bom(const char *buf, size_t len);

/* The command that converts the file at path from encoding from into a UTF-8 copy beside
 * it, readable by its owner only, into buf: "(umask 077 && iconv -f cp1252 -t utf-8
 * corpus.txt > corpus-utf8.txt)", the paths quoted for a shell (cn_markup_shell_word). A
 * command without its file waits for the keyboard, and a researcher typing it as shown
 * thought it hung (trial 89); a path too long for a whole command gets words instead. */
void cn_utf8_iconv_hint(char *buf, size_t size, const char *path, const char *from);

/* Whether the file at path is UTF-8 beyond ASCII: 1 when it starts with a UTF-8 byte order
 * mark or holds as many well-formed multi-byte sequences as bytes that are none (a UTF-8
 * file with a stray byte, which converting would garble: trial 92 saw the offered iconv
 * turn every accent of a corpus into "Ã©"); 0 when not (a file saved as Windows-1252,
 * whose letters seldom pair into a valid sequence: trial 93 found "É" before a no-break
 * space, C9 A0, does); -1 when it cannot be read again to tell (a pipe). Read only to word
 * a refusal. */
int cn_utf8_file_verdict(const char *path);

/* The refusal of a line of a text file that is not UTF-8, the same from every reader:
 * "path:line: invalid UTF-8 at byte N", N from 1, and how to convert the file (a file
 * saved by Windows or an older Excel is most often Windows-1252), or, for a file that is
 * UTF-8 elsewhere (cn_utf8_file_verdict), to type the one character again and convert
 * nothing. Returns CN_EINVALID. */
int cn_utf8_refuse(cn_error *err, const char *path, size_t line, size_t byte);
/* The same, the place said in where ("column 39 (after \"j ai pay\")"). */
int cn_utf8_refuse_at(cn_error *err, const char *path, size_t line, const char *where);

/* "UTF-16" or "UTF-32" when buf[0..len), a file's first line, is what Windows tools save as
 * "Unicode": a UTF-16 or UTF-32 byte order mark, or an ASCII letter beside a NUL; else
 * NULL. A reader asks before it refuses the line's NUL bytes, which say nothing useful. */
const char *cn_utf8_wide(const char *buf, size_t len);

/* What a file whose first bytes are buf[0..len) is, when it is a document or an archive
 * rather than text ("a Word, Excel or OpenDocument file (a zip archive)", "a PDF
 * document"...): its signature read (trial 94: a .docx was refused for a NUL byte, a .gz
 * and a PNG sent to iconv as Windows-1252); NULL for anything else. */
const char *cn_utf8_not_text(const char *buf, size_t len);
/* The refusal of such a file, with what to give instead. Returns CN_EINVALID. */
int cn_utf8_refuse_not_text(cn_error *err, const char *path, const char *what);

/* A file's first line line[0..len) checked for both of the above before a reader refuses
 * its NUL bytes or its bytes that are not UTF-8, which say nothing useful there: 0, or the
 * refusal (CN_EINVALID) naming path. */
int cn_utf8_check_first_line(cn_error *err, const char *path, const char *line, size_t len);

/* The refusal of such a file: "path: the file is UTF-16, not UTF-8: save it as UTF-8
 * (iconv -f utf-16 -t utf-8 path > path-utf8)". Returns CN_EINVALID. */
int cn_utf8_refuse_wide(cn_error *err, const char *path, const char *wide);

/* Whether the valid UTF-8 s[0..len) holds no visible character: only white space of any
 * kind (a no-break or ideographic space, a line or paragraph separator, controls) and
 * invisible characters (zero-width spaces and joiners, soft hyphens: Unicode's
 * default-ignorables). An empty paragraph pasted from a word processor is such a text.
 * *first, when not NULL, is its first character (0 when len is 0). */
bool cn_utf8_blank(const char *s, size_t len, uint32_t *first);

#endif
