/* fuzz_expressions.c — the expressions reader on any bytes, through cn_prepare on a fixed
 * corpus whose words the expressions may glue (so matching runs too, not only reading). */
#include <string.h>

#include "carnet/pipeline.h"
#include "fuzz_util.h"

static const char corpus[] =
    "**** *g_a *lang_fr\n"
    "Le groupe de parole se réunit au centre, avec l'infirmière et la psychologue. "
    "Rendez-vous au centre ce matin pour le groupe de parole : la méthadone, la dose.\n"
    "**** *g_b *lang_en\n"
    "The support group met at the centre; the nurse talked about the dose. Support group "
    "again, support group tomorrow... près de la porte, auprès de la porte.\n";

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const char *text = fuzz_write(0, "corpus.txt", (const uint8_t *)corpus, strlen(corpus));
    const char *expr = fuzz_write(1, "expr.txt", data, size);
    cn_pipeline_params params = cn_pipeline_defaults();
    params.expressions = expr;
    params.min_freq = 1;
    cn_prepared *p = NULL;
    cn_error err = {0};
    if (cn_prepare(text, &params, &p, &err) < 0) {
        if (!err.msg[0])
            fuzz_fail("refused without a message");
        return 0;
    }
    cn_prepared_free(p);
    return 0;
}
