/* nodump.h — no core dump of a program that holds health data: a crash of carnet-collect
 * or carnet-analyse would otherwise write its memory (diary texts, participants' records,
 * a corpus) to a core file, readable wherever the system's crash handler keeps it
 * (./core, /var/lib/systemd/coredump, a bug report), outside every rule the study's own
 * files follow. Nothing is allocated; errors come back as -1 (below). */
#ifndef CARNET_NODUMP_H
#define CARNET_NODUMP_H

/* Called first in main(): the core file size limit is set to 0 (setrlimit RLIMIT_CORE),
 * and on Linux the process is made non-dumpable (prctl PR_SET_DUMPABLE 0), which also
 * stops a crash handler that core_pattern pipes to (systemd-coredump, apport) and another
 * process of the same user from attaching to it (ptrace, /proc/PID/mem). Debuggers that
 * start the program (gdb, valgrind) and the sanitizers still work. Returns 0, or -1 when
 * either call failed (the program runs all the same). */
int cn_nodump_start(void);

#endif
