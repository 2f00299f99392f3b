/* fuzz_manifest.c — a run's manifest.json as kwic reads it (cn_manifest_read, then
 * cn_manifest_pipeline_params): a run folder shared by a colleague is untrusted input.
 * Refused with a message and a code, or parameters a pipeline can take. */
#include "carnet/manifest.h"
#include "fuzz_util.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const char *path = fuzz_write(0, "manifest.json", data, size);
    cn_manifest m = {0};
    cn_error err = {0};
    if (cn_manifest_read(path, &m, &err) < 0) {
        if (!err.msg[0] || err.code >= 0)
            fuzz_fail("refused without a message or a code");
        cn_manifest_free(&m);
        return 0;
    }
    cn_pipeline_params pp;
    if (cn_manifest_pipeline_params(&m, &pp, &err) == 0) {
        if (pp.segment_size < 1 || !pp.lang || pp.min_freq < 1 || pp.max_actives < 1)
            fuzz_fail("accepted parameters a pipeline cannot take");
    } else if (!err.msg[0] || err.code >= 0) {
        fuzz_fail("parameters refused without a message or a code");
    }
    cn_manifest_free(&m);
    return 0;
}
