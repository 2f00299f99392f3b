/* wbuf.h — buffered writing of large tables: bytes, unsigned integers and fixed-decimal
 * numbers with exactly the characters printf gives, without printf's parsing per call.
 * The cn_wbuf is the caller's (a megabyte: malloc it); the FILE stays the caller's. A
 * failed write sticks: cn_wbuf_flush returns -1 once any write failed, 0 otherwise. */
#ifndef CARNET_WBUF_H
#define CARNET_WBUF_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

/* A megabyte a write: writing the 360 MB of specificities by participant of the Italian
 * bench run took 40-90 ms less of the system's time than in writes of 64 KB (sys 0.46-0.51
 * -> 0.37-0.49 s for the whole run, five alternating runs). */
#define CN_WBUF_SIZE (1 << 20)

typedef struct cn_wbuf {
    FILE *out;
    size_t len;
    bool failed;
    char data[CN_WBUF_SIZE];
} cn_wbuf;

void cn_wbuf_init(cn_wbuf *b, FILE *out);
void cn_wbuf_put(cn_wbuf *b, const char *s, size_t n);
void cn_wbuf_str(cn_wbuf *b, const char *s);
void cn_wbuf_char(cn_wbuf *b, char c);
/* As printf("%llu", v). */
void cn_wbuf_u64(cn_wbuf *b, uint64_t v);
/* As printf("%.*f", decimals, x), decimals 0 to 9. */
void cn_wbuf_fixed(cn_wbuf *b, double x, int decimals);
/* Room for n bytes at the buffer's end, flushing first when needed: write them there,
 * then cn_wbuf_commit how many were written. NULL when n is more than the buffer holds
 * (cn_wbuf_put then). For a writer that builds each line in place. */
char *cn_wbuf_room(cn_wbuf *b, size_t n);
void cn_wbuf_commit(cn_wbuf *b, size_t n);
/* The characters of printf("%llu", v) into out (room for 20, not terminated); how many. */
size_t cn_wbuf_format_u64(char *out, uint64_t v);
/* Hands what is buffered to the FILE (fwrite); -1 when this or an earlier write failed. */
int cn_wbuf_flush(cn_wbuf *b);

/* The characters of printf("%.*f", decimals, x) into out (size bytes, NUL-terminated), their
 * number returned: exact integer arithmetic for the usual values, snprintf for the others
 * (huge, infinite, NaN, or decimals outside 0 to 9). */
size_t cn_wbuf_format_fixed(char *out, size_t size, double x, int decimals);

#endif
