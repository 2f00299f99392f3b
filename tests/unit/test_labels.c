/* test_labels.c — the --labels file: names, the forms a labels.csv carries for each class,
 * and the check of those forms against the run the names are given to (trial 84). */
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "carnet/labels.h"
#include "helpers.h"

static void read_labels(const char *text, cn_labels *out)
{
    char *dir = test_tempdir();
    char *path = test_write_file(dir, "labels.csv", text, strlen(text));
    cn_error err = {0};
    if (cn_labels_read(path, out, &err) < 0)
        fail_msg("%s", err.msg);
    unlink(path);
    rmdir(dir);
    free(path);
    free(dir);
}

/* labels.csv as a run writes it, two classes named, one left empty; a cohort's lines */
static void forms_are_read_beside_names(void **state)
{
    (void)state;
    cn_labels l;
    read_labels("class,label\n"
                "# class 1 (79 segments): médecin bilan sanguin\n1,\"Suivi, médecin\"\n"
                "# class 2 (160 segments): famille enfants\n2,\n"
                "# a note of the team's\n"
                "# class 3 (12 segments): nuit rue\n3,Nuits\n"
                "# care_lt1 class 1 (40 segments): centre groupe\ncare_lt1,1,Centre\n",
                &l);
    assert_string_equal(l.whole[1], "Suivi, médecin");
    assert_null(l.whole[2]); /* left empty: unnamed */
    assert_string_equal(l.whole_forms[1], "médecin bilan sanguin");
    assert_string_equal(l.whole_forms[2], "famille enfants");
    assert_string_equal(l.whole_forms[3], "nuit rue");
    assert_string_equal(cn_labels_of(&l, "care_lt1")[1], "Centre");
    assert_string_equal(cn_labels_forms_of(&l, "care_lt1")[1], "centre groupe");
    cn_labels_free(&l);
}

/* What a spreadsheet makes of the file (trial 85): a notes column, empty cells and rows,
 * a team's comment above the header, two files joined; an unquoted label with a comma is
 * refused, not read with the next column in it. */
static void spreadsheet_edits_are_read(void **state)
{
    (void)state;
    cn_labels l;
    read_labels("# our names, 2026-11\n\xEF\xBB\xBF"
                "class,label,notes\n"
                "1,Theme 1,\n2,\"Theme 2, named\",check with AB\n,,\n\n"
                "class,label\n3;Theme 3;;\n",
                &l);
    assert_string_equal(l.whole[1], "Theme 1");
    assert_string_equal(l.whole[2], "Theme 2, named");
    assert_string_equal(l.whole[3], "Theme 3");
    cn_labels_free(&l);
    /* a variable named cohort (trial 86: its lines read as headers), a ';' file with a
     * comma in a label, a notes column a header names, a quoted comment, a team's comment
     * in the shape of the forms */
    read_labels("cohort,class,label\ncohort_paris,1,Theme 1\n", &l);
    assert_string_equal(cn_labels_of(&l, "cohort_paris")[1], "Theme 1");
    cn_labels_free(&l);
    read_labels("class;label;notes\n\"# class 1 (9 segments): a b\";\"\";\"\"\n"
                "1;Soins, centre et dettes;à revoir\n# class 2: à revoir avec AB\n2,Famille,\n",
                &l);
    assert_string_equal(l.whole[1], "Soins, centre et dettes");
    assert_string_equal(l.whole_forms[1], "a b");
    assert_string_equal(l.whole[2], "Famille");
    assert_null(l.whole_forms[2]);
    cn_labels_free(&l);
    /* a blank after the separator, before a quote or a label; a header in other words */
    read_labels("N°;Thème;Remarques\n1; Médecin;ok\n2, \"Rue, nuit\"\n", &l);
    assert_string_equal(l.whole[1], "Médecin");
    assert_string_equal(l.whole[2], "Rue, nuit");
    cn_labels_free(&l);
    char *dir = test_tempdir();
    const char *bad = "class,label\n2,Theme 2,check with AB\n";
    char *path = test_write_file(dir, "bad.csv", bad, strlen(bad));
    cn_error err = {0};
    assert_int_equal(cn_labels_read(path, &l, &err), CN_EINVALID);
    assert_non_null(strstr(err.msg, "bad.csv:2: a column after the label, which no header names"));
    unlink(path);
    rmdir(dir);
    free(path);
    free(dir);
}

/* A named class must hold at least half of the forms it had; else refused, saying which
 * class holds them now. Names without forms are not checked, and said so. */
static void names_are_checked_against_the_classes(void **state)
{
    (void)state;
    cn_labels l;
    read_labels("# class 1 (9 segments): a b c d\n1,First\n"
                "# class 2 (9 segments): e f g h\n2,Second\n3,Third\n",
                &l);
    const char *same[] = {"", "a b x y", "e f g z", "q r"};
    const char *swapped[] = {"", "e f g h", "a b c d", "q r"};
    bool checked;
    cn_error err = {0};
    assert_int_equal(cn_labels_verify(l.whole, l.whole_forms, same, 3, "l.csv", &checked, &err), 0);
    assert_true(checked);
    assert_int_equal(cn_labels_verify(l.whole, l.whole_forms, swapped, 3, "l.csv", &checked, &err),
                     CN_EINVALID);
    assert_non_null(strstr(err.msg, "l.csv names class 1 \"First\", whose forms were \"a b c d\"; "
                                    "in this run class 1 is \"e f g h\"; they are class 2's now"));
    cn_labels_free(&l);
    read_labels("1,First\n2,Second\n", &l);
    assert_int_equal(cn_labels_verify(l.whole, l.whole_forms, swapped, 3, "l.csv", &checked, &err),
                     0);
    assert_false(checked);
    cn_labels_free(&l);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(forms_are_read_beside_names),
        cmocka_unit_test(spreadsheet_edits_are_read),
        cmocka_unit_test(names_are_checked_against_the_classes),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
