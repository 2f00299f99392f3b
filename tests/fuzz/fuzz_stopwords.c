/* fuzz_stopwords.c — the user stop-list reader (cn_stopwords_add_file) on any bytes,
 * added on top of an embedded list as --stopwords does. */
#include <string.h>

#include "carnet/stopwords.h"
#include "fuzz_util.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const char *path = fuzz_write(0, "stop.txt", data, size);
    cn_stopwords *s = cn_stopwords_new();
    cn_error err = {0};
    if (!s || cn_stopwords_add_lang(s, "fr", &err) < 0)
        fuzz_fail("cannot load the French list: %s", err.msg);
    if (cn_stopwords_add_file(s, path, &err) < 0) {
        if (!err.msg[0] || err.code >= 0)
            fuzz_fail("refused without a message or a code");
    } else if (!cn_stopwords_has(s, "fr", "le", 2)) {
        fuzz_fail("a user list lost the embedded 'le'");
    }
    cn_stopwords_free(s);
    return 0;
}
