/* nodump.c — no core dump of the programs' memory (see nodump.h). */
#include "carnet/nodump.h"

#include <sys/resource.h>
#if defined(__linux__)
#include <sys/prctl.h>
#endif

int cn_nodump_start(void)
{
    int rc = 0;
    /* the limit alone: a core_pattern that pipes to a crash handler ignores it (Linux) */
    struct rlimit none = {0, 0};
    if (setrlimit(RLIMIT_CORE, &none) != 0)
        rc = -1;
#if defined(__linux__)
    if (prctl(PR_SET_DUMPABLE, 0, 0, 0, 0) != 0)
        rc = -1;
#endif
    return rc;
}
