/* similitude.c — the similitude graph of a run (reinert-spec.md E.10): the most frequent
 * active lemmas, linked by how many segments they share, reduced to the maximum spanning
 * tree and laid out; written as GraphML (for Gephi, igraph, Cytoscape) and as CSV. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "carnet/similitude.h"
#include "carnet/csvout.h"
#include "carnet/markup.h"
#include "carnet/simi.h"
#include "carnet/outfile.h"

int cn_similitude_compute(const cn_prepared *p, cn_simi *s, cn_error *err)
{
    uint32_t nv = p->ncols < CN_SIMILITUDE_VERTICES ? p->ncols : CN_SIMILITUDE_VERTICES;
    uint32_t nl = cn_intern_count(p->lemma_keys);
    /* columns are sorted by frequency: the first ones are the most frequent lemmas */
    return cn_simi_tree(p->seg_ptr, p->seg_lemmas, p->nsegs, p->col_lemma, nv, nl ? nl - 1 : 0, s,
                        err);
}

int cn_similitude_write(const char *dir, const cn_prepared *p, const cn_simi *sp, cn_error *err)
{
    const cn_simi s = *sp;
    uint32_t nv = s.nvertices;
    char path[4200];
    snprintf(path, sizeof path, "%s/similitude.graphml", dir);
    FILE *f = cn_out_open(path, err);
    if (!f)
        return CN_EIO;
    fputs("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
          "<graphml xmlns=\"http://graphml.graphdrawing.org/xmlns\">\n"
          "  <key id=\"form\" for=\"node\" attr.name=\"form\" attr.type=\"string\"/>\n"
          "  <key id=\"frequency\" for=\"node\" attr.name=\"frequency\" attr.type=\"long\"/>\n"
          "  <key id=\"x\" for=\"node\" attr.name=\"x\" attr.type=\"double\"/>\n"
          "  <key id=\"y\" for=\"node\" attr.name=\"y\" attr.type=\"double\"/>\n"
          "  <key id=\"weight\" for=\"edge\" attr.name=\"weight\" attr.type=\"double\"/>\n"
          "  <graph id=\"similitude\" edgedefault=\"undirected\">\n",
          f);
    for (uint32_t v = 0; v < nv; v++) {
        fprintf(f, "    <node id=\"n%u\"><data key=\"form\">", v);
        cn_markup_text(f, cn_lemma_name(p, p->col_lemma[v]));
        fprintf(f,
                "</data><data key=\"frequency\">%llu</data><data key=\"x\">%.4f</data>"
                "<data key=\"y\">%.4f</data></node>\n",
                (unsigned long long)p->lemmas[p->col_lemma[v]].freq, s.x ? s.x[v] : 0,
                s.y ? s.y[v] : 0);
    }
    for (uint32_t e = 0; e < s.nedges; e++)
        fprintf(f,
                "    <edge source=\"n%u\" target=\"n%u\"><data key=\"weight\">%.0f</data>"
                "</edge>\n",
                s.from[e], s.to[e], s.weight[e]);
    fputs("  </graph>\n</graphml>\n", f);
    int rc = cn_out_close(f, path, err);
    snprintf(path, sizeof path, "%s/similitude_edges.csv", dir);
    if (rc == 0 && !(f = cn_out_open(path, err)))
        rc = CN_EIO;
    if (rc == 0) {
        fputs("form1,form2,segments_together\n", f);
        for (uint32_t e = 0; e < s.nedges; e++) {
            cn_csv_text(f, cn_lemma_name(p, p->col_lemma[s.from[e]]));
            fputc(',', f);
            cn_csv_text(f, cn_lemma_name(p, p->col_lemma[s.to[e]]));
            fprintf(f, ",%.0f\n", s.weight[e]);
        }
        rc = cn_out_close(f, path, err);
    }
    return rc;
}
