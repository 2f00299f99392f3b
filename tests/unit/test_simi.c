/* test_simi.c — the maximum spanning tree of a small co-occurrence graph, by hand. */
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "carnet/simi.h"

static bool has_edge(const cn_simi *s, uint32_t a, uint32_t b, double w)
{
    for (uint32_t e = 0; e < s->nedges; e++)
        if (((s->from[e] == a && s->to[e] == b) || (s->from[e] == b && s->to[e] == a)) &&
            s->weight[e] == w)
            return true;
    return false;
}

static void heaviest_tree(void **state)
{
    (void)state;
    /* A=0 B=1 C=2 D=3; units: 5 x {A,B}, 4 x {B,C}, 1 x {A,C}, 3 x {C,D}, 2 x {B,D}, and one
     * unit with E=4 alone and an id (9) that is not a vertex.
     * Co-occurrences AB 5, BC 4, AC 1, CD 3, BD 2: the heaviest tree is AB, BC, CD. */
    uint32_t ids[64];
    size_t ptr[32] = {0};
    uint32_t n = 0, w = 0;
    const struct {
        uint32_t a, b, times;
    } kinds[] = {{0, 1, 5}, {1, 2, 4}, {0, 2, 1}, {2, 3, 3}, {1, 3, 2}};
    for (int k = 0; k < 5; k++)
        for (uint32_t t = 0; t < kinds[k].times; t++) {
            ids[w++] = kinds[k].a;
            ids[w++] = kinds[k].b;
            ptr[++n] = w;
        }
    ids[w++] = 4;
    ids[w++] = 9;
    ptr[++n] = w;
    const uint32_t vertices[] = {0, 1, 2, 3, 4};
    cn_simi s;
    cn_error err = {0};
    assert_int_equal(cn_simi_tree(ptr, ids, n, vertices, 5, 9, &s, &err), 0);
    assert_int_equal(s.nedges, 3); /* E is isolated: a forest of 4 + 1 vertices */
    assert_true(has_edge(&s, 0, 1, 5));
    assert_true(has_edge(&s, 1, 2, 4));
    assert_true(has_edge(&s, 2, 3, 3));
    for (uint32_t v = 0; v < 5; v++) {
        assert_true(s.x[v] >= -1 && s.x[v] <= 1);
        assert_true(s.y[v] >= -1 && s.y[v] <= 1);
    }
    /* the same input draws the same picture */
    cn_simi again;
    assert_int_equal(cn_simi_tree(ptr, ids, n, vertices, 5, 9, &again, &err), 0);
    for (uint32_t v = 0; v < 5; v++)
        assert_true(s.x[v] == again.x[v] && s.y[v] == again.y[v]);
    cn_simi_free(&s);
    cn_simi_free(&again);
}

int main(void)
{
    const struct CMUnitTest tests[] = {cmocka_unit_test(heaviest_tree)};
    return cmocka_run_group_tests(tests, NULL, NULL);
}
