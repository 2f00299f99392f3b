/* textin.h — a text file read as UTF-8 in bounded chunks, whatever a spreadsheet saved it
 * as: a leading UTF-8 byte order mark is dropped, and a Windows-1252, Latin-1 or Mac Roman
 * file is converted through iconv on the way, so its reader sees the same text in UTF-8.
 * Ownership: cn_textin_open returns a reader the caller frees with cn_textin_close (the FILE
 * stays the caller's); a chunk points into the reader, valid until the next read.
 * Errors: a negative cn_code (CN_EINVALID, CN_EIO, CN_ENOMEM) and "FILE[:LINE]: what". */
#ifndef CARNET_TEXTIN_H
#define CARNET_TEXTIN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "carnet/error.h"

/* In the order of CN_ENCODING_CHOICES, so that an option's choice index is the value. */
typedef enum cn_encoding {
    CN_ENC_UTF8,
    CN_ENC_CP1252,
    CN_ENC_LATIN1,
    CN_ENC_MACROMAN, /* Excel's "CSV (Macintosh)" */
    /* UTF-8 when no encoding was said: as UTF-8, but a file whose letters of another script
     * sit glued to Latin ones (Mac Roman's "’é" read as UTF-8 is "Վ") is refused as Mac
     * Roman's; said, --encoding utf-8 takes the text as it is. */
    CN_ENC_UTF8_UNSAID,
} cn_encoding;
#define CN_ENCODING_CHOICES "utf-8|cp1252|latin1|macroman"

static inline bool cn_encoding_is_utf8(cn_encoding encoding)
{
    return encoding == CN_ENC_UTF8 || encoding == CN_ENC_UTF8_UNSAID;
}

/* The encoding's name in messages ("Windows-1252"), and as --encoding takes it ("cp1252"). */
const char *cn_encoding_name(cn_encoding encoding);
const char *cn_encoding_option(cn_encoding encoding);

/* The advice for a file that is not UTF-8, from text[0..n) of it, into out (size bytes):
 * the encoding to give when its bytes tell (the bytes misread in Windows-1252 against
 * those misread in Mac Roman, see textin.c), else both, saying which is whose. */
const char *cn_encoding_advice(const char *text, size_t n, char *out, size_t size);

/* Bytes read from the file at a time; a chunk of converted text is at most 3 times this. */
#define CN_TEXTIN_CHUNK ((size_t)64 * 1024)

typedef struct cn_textin cn_textin;

/* Starts reading f (named path in messages). Refuses at once a file that begins with a
 * UTF-16 byte order mark, or with a UTF-8 one while another encoding was asked for. */
int cn_textin_open(FILE *f, const char *path, cn_encoding encoding, cn_textin **out, cn_error *err);

/* The next chunk of UTF-8 text in *data, *len bytes; *len is 0 at the end of the file.
 * A byte the encoding does not define is refused with its line and offset in the file; so,
 * at the end, is a file whose letters inside words read as symbols or capitals in the
 * encoding asked for and as small letters in another (a Mac file read as Windows-1252:
 * "JournŽe" for "Journée"), naming the other. */
int cn_textin_read(cn_textin *in, const char **data, size_t *len, cn_error *err);

void cn_textin_close(cn_textin *in);

#endif
