/* figures.h — what the report's writer and its figure makers share: the run being
 * reported and what is worked out once for all figures. Not a public header. */
#ifndef CARNET_REPORT_FIGURES_H
#define CARNET_REPORT_FIGURES_H

#include <stdbool.h>
#include <stdio.h>

#include "carnet/figure.h"
#include "carnet/report.h"
#include "carnet/timeaxis.h"

typedef struct report {
    const cn_report *in;
    int32_t *best_class; /* lemma -> class where its chi2 is highest and positive, or 0 */
    double *best_chi2;
    /* What the figure makers found that a reader must be told under the figure (plain
     * text, "" when nothing): set by report_afc_plane and report_simi. */
    char afc_notes[2048];
    char simi_notes[512];
    char cloud_notes[512]; /* the last cloud's (report_cloud): its forms drawn smaller */
    cn_timeaxis axis;      /* the time variable's modalities, for the time figure and table */
} report;

/* "Class k", or "k · " and its --labels name, into buf (ending "…" when cut to fit): the
 * number every table and JSON file names the class by stays beside its name (trial 88: a
 * labelled report named its classes by their names alone, the CSVs by their numbers). */
const char *report_class_name(const report *r, uint32_t k, char *buf, size_t size);
/* Its --labels name alone (else "Class k"), for a legend that writes the number beside it. */
const char *report_class_label(const report *r, uint32_t k, char *buf, size_t size);

/* The figures' width, and a full turn for cairo_arc. */
#define REPORT_W 820.0
#define REPORT_TAU 6.283185307179586

/* Shared by the figure makers (report_figures.c): appends a sentence to a figure's notes
 * (cut, never overrun); sets class k's colour; writes the figure's files and hands it over
 * in *out (frees it on failure); where a plot's labels may go (the surface less 2 px on each
 * side, below the title); the x moving a label whose box at x is rel (measured at 0) just
 * inside [area.x0, area.x1]. */
void report_note(char *notes, size_t size, const char *fmt, ...);
void report_colour(const report *r, cairo_t *cr, uint32_t k);
int report_finish(cn_figure *fig, report *r, const char *name, cn_figure **out, cn_error *err);
cn_box report_label_area(const cn_figure *fig);
double report_inside_x(cn_box rel, double x, cn_box area);
/* text, or as much of it as fits in width maxw at size fs followed by "…" (cut on a
 * character): a class name, a form, a modality beside a chart. Returns text or buf. */
const char *report_shorten(cairo_t *cr, const char *text, double fs, bool bold, double maxw,
                           char *buf, size_t size);

/* Each figure is written as dir/NAME.svg and .png (and .pdf) and handed over in *out (the
 * caller's, cn_figure_free) for inlining; *out stays NULL when there is nothing to draw.
 * 0, or -1 with a message when the figure could not be made or written. */
int report_dendrogram(report *r, cn_figure **out, cn_error *err);
int report_tree(report *r, cn_figure **out, cn_error *err);
int report_afc_plane(report *r, cn_figure **out, cn_error *err);
int report_cloud(report *r, uint32_t k, cn_figure **out, cn_error *err);
int report_zipf(report *r, cn_figure **out, cn_error *err);
int report_sizes(report *r, cn_figure **out, cn_error *err);
int report_time(report *r, cn_figure **out, cn_error *err);
int report_simi(report *r, cn_figure **out, cn_error *err);

/* report_themes.c: why a run has fewer than 2 classes (nothing when it has more), for the
 * top of the page; the section of the leaves below the minimum class size. */
void report_few_classes(FILE *f, const report *r);
void report_themes_section(FILE *f, const report *r);
/* A double classification's sign draws, at the top of the page (report_signs.c). */
void report_signs(FILE *f, const report *r);
/* The stability section (--stability): its table and what it means, or that it was not
 * assessed. */
void report_stability(FILE *f, const report *r);
/* The "Run" table of report.html (report_run.c): what the page is the analysis of;
 * nothing when the caller gave no parameters. */
void report_run_table(FILE *f, const report *r);
/* units ("segments" or "texts") for a count of n: "segment" for 1. */
const char *report_units_for(const char *units, long n);
/* The warnings at the top of report.html (report_warnings.c): several languages, accent
 * variants, accents folded; nothing when none applies. */
void report_warnings(FILE *f, const report *r);
/* The section "Participants per class" of report.html (report_participants.c). */
void report_participants(FILE *f, const report *r);
/* Class k's typical segments (report_segments.c), each with its participant, date or
 * diary time and cohort, its profile forms (as the run counted them) marked. -1 when
 * memory ran out for a segment's words (it is shown unmarked). */
int report_typical_segments(FILE *f, report *r, uint32_t k, cn_error *err);
/* Where a segment comes from, as its quote gives it (report_segments.c): "P22 · date
 * 2025_03_23 · month 02 · sex m, care lt1 · text 685", in HTML. */
void report_segment_source(FILE *f, const report *r, uint32_t segment);

/* The most specific forms of each modality of a variable, for its chart. */
#define SPECIF_MODS 12
#define SPECIF_FORMS 5
/* Chart of one variable: its modalities (at most SPECIF_MODS), each with its
 * SPECIF_FORMS most specific forms scoring 2 or more. */
int report_specif_chart(report *r, const cn_varspec_var *v, cn_figure **out, cn_error *err);

#endif
