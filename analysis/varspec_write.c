/* varspec_write.c — specificities_VAR.csv, one file per star variable (see varspec.h):
 * rows of millions on a large corpus, so each row is assembled from cells made once (the
 * lemmas' form cells, each modality's own pieces) rather than formatted field by field. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "carnet/varspec.h"
#include "carnet/csvout.h"
#include "carnet/grow.h"
#include "carnet/outfile.h"
#include "carnet/wbuf.h"

/* Bytes the rows' pieces of text are padded with: put copies this many at a time. */
#define COPY_PAD 16

/* Every active lemma's form cell, as cn_csv_text writes it, one after another: rows come
 * in score order, naming lemmas all over the lemma tables, and the cells copied from here
 * stay in cache (looking each name up again was a tenth of writing fr.txt's 1.2 M rows). */
typedef struct lemma_cells {
    char *text;
    long *start; /* lemma l's cell: text[start[l]] to text[start[l + 1]] */
} lemma_cells;

static int lemma_cells_make(const cn_prepared *p, lemma_cells *c)
{
    uint32_t nl = cn_intern_count(p->lemma_keys);
    size_t size = 0;
    c->text = NULL;
    c->start = malloc(((size_t)nl + 1) * sizeof *c->start);
    FILE *m = c->start ? open_memstream(&c->text, &size) : NULL;
    if (!m)
        return -1;
    for (uint32_t l = 0; l < nl; l++) {
        c->start[l] = ftell(m);
        if (p->lemmas[l].status == CN_LEMMA_ACTIVE) /* the only ones with rows */
            cn_csv_text(m, cn_lemma_name(p, l));
    }
    c->start[nl] = ftell(m);
    bool failed = ferror(m) != 0;
    if (fclose(m) != 0 || failed)
        return -1;
    char *padded = realloc(c->text, size + COPY_PAD); /* put's room to read */
    if (!padded)
        return -1;
    memset(padded + size, 0, COPY_PAD);
    c->text = padded;
    return 0;
}

static void lemma_cells_free(lemma_cells *c)
{
    free(c->text);
    free(c->start);
}

/* A variable's pieces of text that its rows repeat: modality m's "*var_mod," (piece 2m)
 * and "modality_total," (2m + 1), lemma l's ",form_total," (2 nmods + l), and for a row
 * of lemma l absent from its modality, "form,0,form_total," (absent + l). A row is then
 * copies and at most two numbers: formatting each of its five fields was most of writing
 * the King James Bible's 1.8 M rows; and nine rows in ten of the Italian bench corpus's
 * 9.8 M (560 participants) are of absent lemmas. */
typedef struct var_pieces {
    char *text;
    size_t len, cap;
    size_t *start;         /* piece k: text[start[k]] to text[start[k + 1]] */
    size_t totals, absent; /* the first lemma's ",form_total," and absent piece */
} var_pieces;

static int piece_put(var_pieces *vp, const char *s, size_t n)
{
    if (cn_grow_raw((void **)&vp->text, &vp->cap, vp->len + n, 1) < 0)
        return -1;
    memcpy(vp->text + vp->len, s, n);
    vp->len += n;
    return 0;
}

/* prefix, the number, suffix: one piece */
static int piece_number(var_pieces *vp, const char *prefix, uint64_t v, const char *suffix)
{
    char num[24];
    size_t n = cn_wbuf_format_u64(num, v);
    return piece_put(vp, prefix, strlen(prefix)) < 0 || piece_put(vp, num, n) < 0 ||
                   piece_put(vp, suffix, strlen(suffix)) < 0
               ? -1
               : 0;
}

static int var_pieces_make(const cn_varspec_var *v, const lemma_cells *cells, uint32_t nlemmas,
                           var_pieces *vp)
{
    size_t npieces = 2 * (size_t)v->nmods + 2 * (size_t)nlemmas;
    *vp = (var_pieces){.start = malloc((npieces + 1) * sizeof *vp->start)};
    if (!vp->start)
        return -1;
    size_t k = 0;
    for (uint32_t m = 0; m < v->nmods; m++) {
        vp->start[k++] = vp->len;
        if (piece_put(vp, v->mods[m], strlen(v->mods[m])) < 0 || piece_put(vp, ",", 1) < 0)
            return -1;
        vp->start[k++] = vp->len;
        if (piece_number(vp, "", v->mod_total[m], ",") < 0)
            return -1;
    }
    vp->totals = k;
    for (uint32_t l = 0; l < nlemmas; l++) {
        vp->start[k++] = vp->len;
        if (piece_number(vp, ",", v->form_total[l], ",") < 0)
            return -1;
    }
    vp->absent = k;
    for (uint32_t l = 0; l < nlemmas; l++) {
        vp->start[k++] = vp->len;
        if (piece_put(vp, cells->text + cells->start[l],
                      (size_t)(cells->start[l + 1] - cells->start[l])) < 0 ||
            piece_number(vp, ",0,", v->form_total[l], ",") < 0)
            return -1;
    }
    vp->start[k] = vp->len;
    /* put's room to read past the last piece */
    if (cn_grow_raw((void **)&vp->text, &vp->cap, vp->len + COPY_PAD, 1) < 0)
        return -1;
    memset(vp->text + vp->len, 0, COPY_PAD);
    return 0;
}

/* Piece k, and its length in *n. */
static const char *piece(const var_pieces *vp, size_t k, size_t *n)
{
    *n = vp->start[k + 1] - vp->start[k];
    return vp->text + vp->start[k];
}

static void var_pieces_free(var_pieces *vp)
{
    free(vp->text);
    free(vp->start);
}

/* Appends n bytes at o, COPY_PAD at a time (copies of a constant size, inlined: five calls
 * of memcpy per row were a third of writing 9.5 M rows); where o now is. Reads and writes up
 * to COPY_PAD - 1 bytes past the n, which every source and the room in the buffer allow. */
static char *put(char *o, const char *s, size_t n)
{
    for (size_t k = 0; k < n; k += COPY_PAD)
        memcpy(o + k, s + k, COPY_PAD);
    return o + n;
}

/* The end of the last row written, "modality_total,spec\n": a modality's rows come by
 * score, and most of them share their score with the row before (rare lemmas of one total,
 * absent from the modality). */
typedef struct row_tail {
    uint64_t bits; /* the score's, so that -0.0 is not 0.0 */
    size_t m;      /* the modality's */
    bool valid;
    size_t n;
    char text[24 + 512 + 1 + COPY_PAD];
} row_tail;

/* Modality m's total and the score value as text, into last unless it holds them already. */
static void make_tail(row_tail *last, const var_pieces *vp, size_t m, double value)
{
    uint64_t bits;
    memcpy(&bits, &value, sizeof bits);
    if (last->valid && last->bits == bits && last->m == m)
        return;
    size_t total_n;
    const char *total = piece(vp, 2 * m + 1, &total_n);
    memcpy(last->text, total, total_n);
    char *spec = last->text + total_n;
    size_t size = 512;
    size_t n = isinf(value) ? (size_t)snprintf(spec, size, "%s", value > 0 ? "Inf" : "-Inf")
                            : cn_wbuf_format_fixed(spec, size, value, 4);
    n = n < size ? n : size - 1;
    spec[n] = '\n';
    last->n = total_n + n + 1;
    last->bits = bits;
    last->m = m;
    last->valid = true;
}

/* One row of specificities_VAR.csv: "*var_mod,form,count,form_total,modality_total,spec",
 * built in the buffer (through it piece by piece for a lemma longer than the buffer). */
static void write_row(cn_wbuf *b, const lemma_cells *cells, const var_pieces *vp, size_t m,
                      const cn_varspec_row *row, row_tail *last)
{
    size_t head_n;
    const char *head = piece(vp, 2 * m, &head_n);
    make_tail(last, vp, m, row->spec);
    if (row->f == 0) { /* "form,0,form_total," in one piece */
        size_t absent_n;
        const char *absent = piece(vp, vp->absent + row->lemma, &absent_n);
        char *line = cn_wbuf_room(b, head_n + absent_n + last->n + COPY_PAD), *o = line;
        if (line) {
            o = put(o, head, head_n);
            o = put(o, absent, absent_n);
            o = put(o, last->text, last->n);
            cn_wbuf_commit(b, (size_t)(o - line));
            return;
        }
    }
    size_t form_total_n;
    const char *form_total = piece(vp, vp->totals + row->lemma, &form_total_n);
    const char *cell = cells->text + cells->start[row->lemma];
    size_t cell_n = (size_t)(cells->start[row->lemma + 1] - cells->start[row->lemma]);
    size_t most = head_n + cell_n + 1 + 20 + form_total_n + last->n + COPY_PAD;
    char *line = cn_wbuf_room(b, most), *o = line;
    if (!line) {
        cn_wbuf_put(b, head, head_n);
        cn_wbuf_put(b, cell, cell_n);
        cn_wbuf_char(b, ',');
        cn_wbuf_u64(b, row->f);
        cn_wbuf_put(b, form_total, form_total_n);
        cn_wbuf_put(b, last->text, last->n);
        return;
    }
    o = put(o, head, head_n);
    o = put(o, cell, cell_n);
    *o++ = ',';
    o += cn_wbuf_format_u64(o, row->f);
    o = put(o, form_total, form_total_n);
    o = put(o, last->text, last->n);
    cn_wbuf_commit(b, (size_t)(o - line));
}

int cn_varspec_write(const char *dir, const cn_prepared *p, const cn_varspec *s, cn_error *err)
{
    cn_wbuf *b = malloc(sizeof *b);
    lemma_cells cells = {NULL, NULL};
    if (!b || lemma_cells_make(p, &cells) < 0) {
        free(b);
        lemma_cells_free(&cells);
        return cn_error_nomem(err);
    }
    int rc = 0;
    for (size_t i = 0; rc == 0 && i < s->nvars; i++) {
        const cn_varspec_var *v = &s->vars[i];
        if (v->mixed || v->one_modality)
            continue;
        char path[4200];
        snprintf(path, sizeof path, "%s/specificities_%s.csv", dir, v->var);
        FILE *out = cn_out_open(path, err);
        if (!out) {
            rc = CN_EIO;
            break;
        }
        var_pieces vp;
        uint32_t nlemmas = cn_intern_count(p->lemma_keys);
        if (var_pieces_make(v, &cells, nlemmas, &vp) < 0) {
            var_pieces_free(&vp);
            fclose(out);
            rc = cn_error_nomem(err);
            break;
        }
        cn_wbuf_init(b, out);
        cn_wbuf_str(b, "modality,form,count,form_total,modality_total,specificity\n");
        row_tail last = {.valid = false};
        for (size_t r = 0; r < v->nrows; r++)
            write_row(b, &cells, &vp, r / v->per_modality, &v->rows[r], &last);
        var_pieces_free(&vp);
        rc = cn_out_close_failed(out, path, cn_wbuf_flush(b) < 0, err);
    }
    free(b);
    lemma_cells_free(&cells);
    return rc;
}
