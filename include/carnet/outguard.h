/* outguard.h — a program stopped by the user (Ctrl+C, a terminal closed, kill) leaves no
 * temporary folder or file of health data behind: its signal thread removes the one being
 * written, then lets the signal end the program as it would have.
 *
 * The program owns the guard; cn_out_dir_begin and cn_out_file_begin register what they
 * create in it, and commit, end or abort take it out (outfile.h), from any thread; a
 * backup does the same (store.h). Functions return 0 or a negative cn_code. */
#ifndef CARNET_OUTGUARD_H
#define CARNET_OUTGUARD_H

#include <pthread.h>
#include <signal.h>
#include <stdbool.h>

typedef struct cn_out_guard {
    pthread_mutex_t mu;
    char *tmp; /* the folder or file being written (malloc'd), or NULL */
    /* the output whose new results are in place (malloc'd), or NULL: a stop then says so,
     * since it no longer keeps the earlier results */
    char *placed;
    pthread_t thread;
    bool started;
    sigset_t signals; /* those it waits for: the three the program did not start ignoring */
} cn_out_guard;

/* Blocks SIGINT, SIGTERM and SIGHUP in the calling thread, so in every thread it starts
 * from then on, and starts the thread that waits for them. One the program was started
 * ignoring stays ignored: nohup's SIGHUP, a script's background job's SIGINT. Call it
 * before any other thread exists. CN_ERR when no thread can be started, or all three are
 * ignored: the signals then act as before. */
int cn_out_guard_start(cn_out_guard *g);
/* After a start that succeeded: stops the thread, unblocks the signals, frees the guard. */
void cn_out_guard_stop(cn_out_guard *g);

/* The folder or file being written now is path; NULL: none. g may be NULL (no guard). */
void cn_out_guard_hold(cn_out_guard *g, const char *path);
/* mkdtemp(template) and its hold as one step for the signal thread, which would otherwise
 * find nothing held if the user stopped the run just between them. Returns mkdtemp's. */
char *cn_out_guard_mkdtemp(cn_out_guard *g, char *template);
/* The same for a file: mkstemp(template) (mode 0600) and its hold. Returns mkstemp's. */
int cn_out_guard_mkstemp(cn_out_guard *g, char *template);

/* rename(tmp, target) exchanging the two (renameat2's RENAME_EXCHANGE), and on success
 * target as the output placed, in one step for the signal thread: a stop after it says
 * that the new results replaced the earlier ones, which tmp now holds and the stop
 * removes (trial 67: it ended as stopped, the earlier run gone). Returns renameat2's. g
 * may be NULL. */
int cn_out_guard_exchange(cn_out_guard *g, const char *tmp, const char *target);
/* rename(tmp, target) for a file, and on success target as the output placed and tmp no
 * longer held, in one step for the signal thread: a stop just after the rename ended the
 * export silently (exit 130, its earlier file replaced: trial 79). Returns rename's. g
 * may be NULL. */
int cn_out_guard_rename(cn_out_guard *g, const char *tmp, const char *target);
/* target's new results are in place (NULL: none is), when placed by other means. */
void cn_out_guard_placed(cn_out_guard *g, const char *target);

/* Removes what is held, if anything: a file deleted; a folder renamed first, so that a
 * writer still at work creates nothing more in it, then deleted. What the signal thread
 * does; tests call it. */
void cn_out_guard_remove(cn_out_guard *g);

#endif
