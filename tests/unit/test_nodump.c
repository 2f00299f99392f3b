/* test_nodump.c — the programs' memory (diary texts) is never written to a core file: after
 * cn_nodump_start the core size limit is 0 and, on Linux, the process is not dumpable. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>

#include <cmocka.h>

#include <sys/resource.h>
#if defined(__linux__)
#include <sys/prctl.h>
#endif

#include "carnet/nodump.h"

static void no_core_file_after_start(void **state)
{
    (void)state;
    assert_int_equal(cn_nodump_start(), 0);
    struct rlimit core;
    assert_int_equal(getrlimit(RLIMIT_CORE, &core), 0);
    assert_true(core.rlim_cur == 0);
    assert_true(core.rlim_max == 0);
#if defined(__linux__)
    assert_int_equal(prctl(PR_GET_DUMPABLE, 0, 0, 0, 0), 0);
#endif
    /* a second call (both programs' main, a test) is harmless */
    assert_int_equal(cn_nodump_start(), 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(no_core_file_after_start),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
