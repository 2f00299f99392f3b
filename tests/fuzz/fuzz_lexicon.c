/* fuzz_lexicon.c — the IRAMUTEQ lexicon reader (cn_lexicon_read) on any bytes, under both
 * charsets: refused with a message and a code, or a lexicon whose lookups answer. */
#include <string.h>

#include "carnet/lexicon.h"
#include "fuzz_util.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const char *path = fuzz_write(0, "lex.txt", data, size);
    static const cn_charset charsets[] = {CN_CHARSET_UNICODE, CN_CHARSET_IRAMUTEQ};
    for (size_t c = 0; c < sizeof charsets / sizeof *charsets; c++) {
        cn_lexicon *x = NULL;
        cn_error err = {0};
        if (cn_lexicon_read(path, charsets[c], &x, &err) < 0) {
            if (!err.msg[0] || err.code >= 0)
                fuzz_fail("refused without a message or a code");
            continue;
        }
        static const char *const forms[] = {"chat", "le", "", "groupe_de_parole",
                                            "\xc3\xa9t\xc3\xa9"};
        for (size_t i = 0; i < sizeof forms / sizeof *forms; i++) {
            const char *lemma, *pos;
            if (cn_lexicon_find(x, forms[i], strlen(forms[i]), &lemma, &pos) == 1 &&
                (!*lemma || !*pos))
                fuzz_fail("'%s' found with an empty lemma or POS", forms[i]);
        }
        cn_lexicon_free(x);
    }
    return 0;
}
