/* outguard.h — a run stopped by the user (Ctrl+C, a terminal closed, kill) leaves no
 * temporary folder of health data behind: a program's signal thread removes the folder
 * being written, then lets the signal end the program as it would have.
 *
 * The program owns the guard; cn_out_dir_begin registers its folder in it and commit or
 * abort take it out (outfile.h, cn_out_dir.guard), from any thread. Functions return 0 or
 * a negative cn_code. */
#ifndef CARNET_OUTGUARD_H
#define CARNET_OUTGUARD_H

#include <pthread.h>
#include <stdbool.h>

typedef struct cn_out_guard {
    pthread_mutex_t mu;
    char *tmp; /* the folder being written (malloc'd), or NULL */
    pthread_t thread;
    bool started;
} cn_out_guard;

/* Blocks SIGINT, SIGTERM and SIGHUP in the calling thread, so in every thread it starts
 * from then on, and starts the thread that waits for them. Call it before any other
 * thread exists. CN_ERR when no thread can be started: the signals then act as before. */
int cn_out_guard_start(cn_out_guard *g);
/* After a start that succeeded: stops the thread, unblocks the signals, frees the guard. */
void cn_out_guard_stop(cn_out_guard *g);

/* The folder being written now is path; NULL: none. g may be NULL (no guard). */
void cn_out_guard_hold(cn_out_guard *g, const char *path);
/* mkdtemp(template) and its hold as one step for the signal thread, which would otherwise
 * find nothing held if the user stopped the run just between them. Returns mkdtemp's. */
char *cn_out_guard_mkdtemp(cn_out_guard *g, char *template);

/* Removes the folder held, if any: renamed first, so that a writer still at work creates
 * nothing more in it, then deleted. What the signal thread does; tests call it. */
void cn_out_guard_remove(cn_out_guard *g);

#endif
