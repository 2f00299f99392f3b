/* outguard.c — the folder or file being written, removed when the user stops the program
 * (see outguard.h). The signals are taken by a thread of their own (sigwait) rather than a
 * handler: removing a folder walks it, which a handler may not do (opendir and free are
 * not async-signal-safe), and the thread runs ordinary code at any time of the run. */
#define _GNU_SOURCE /* renameat2: swap two folders in one step; program_invocation_short_name */
#include "carnet/outguard.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "carnet/error.h"
#include "carnet/outfile.h"

/* SIGINT, SIGTERM and SIGHUP, but for those ignored now: a program started by nohup, or
 * as a script's background job (SIGINT), must go on ignoring them as it would without
 * the guard. Returns how many are in set. */
static int stop_signals(sigset_t *set)
{
    static const int stops[] = {SIGINT, SIGTERM, SIGHUP};
    int n = 0;
    sigemptyset(set);
    for (size_t k = 0; k < sizeof stops / sizeof *stops; k++) {
        struct sigaction now;
        if (sigaction(stops[k], NULL, &now) == 0 && now.sa_handler == SIG_IGN)
            continue;
        sigaddset(set, stops[k]);
        n++;
    }
    return n;
}

void cn_out_guard_hold(cn_out_guard *g, const char *path)
{
    if (!g)
        return;
    char *copy = path ? strdup(path) : NULL; /* none without memory: the next run removes it */
    pthread_mutex_lock(&g->mu);
    free(g->tmp);
    g->tmp = copy;
    pthread_mutex_unlock(&g->mu);
}

/* rename(tmp, target), exchanging the two or not, and on success target as the output
 * placed, under the lock: the signal thread sees both or neither. A file moved is no
 * longer held (nothing of it to remove); an exchanged folder's tmp now holds the earlier
 * results, which a stop removes. */
static int place(cn_out_guard *g, const char *tmp, const char *target, bool exchange)
{
    if (!g)
        return exchange ? renameat2(AT_FDCWD, tmp, AT_FDCWD, target, RENAME_EXCHANGE)
                        : rename(tmp, target);
    char *copy = strdup(target); /* none without memory: only the message is lost */
    pthread_mutex_lock(&g->mu);
    int rc = exchange ? renameat2(AT_FDCWD, tmp, AT_FDCWD, target, RENAME_EXCHANGE)
                      : rename(tmp, target);
    int saved = errno;
    if (rc == 0) {
        free(g->placed);
        g->placed = copy;
        copy = NULL;
        if (!exchange) {
            free(g->tmp);
            g->tmp = NULL;
        }
    }
    pthread_mutex_unlock(&g->mu);
    free(copy);
    errno = saved;
    return rc;
}

int cn_out_guard_exchange(cn_out_guard *g, const char *tmp, const char *target)
{
    return place(g, tmp, target, true);
}

int cn_out_guard_rename(cn_out_guard *g, const char *tmp, const char *target)
{
    return place(g, tmp, target, false);
}

void cn_out_guard_placed(cn_out_guard *g, const char *target)
{
    if (!g)
        return;
    char *copy = target ? strdup(target) : NULL;
    pthread_mutex_lock(&g->mu);
    free(g->placed);
    g->placed = copy;
    pthread_mutex_unlock(&g->mu);
}

char *cn_out_guard_mkdtemp(cn_out_guard *g, char *template)
{
    if (!g)
        return mkdtemp(template);
    pthread_mutex_lock(&g->mu);
    char *made = mkdtemp(template);
    free(g->tmp);
    g->tmp = made ? strdup(made) : NULL;
    pthread_mutex_unlock(&g->mu);
    return made;
}

int cn_out_guard_mkstemp(cn_out_guard *g, char *template)
{
    if (!g)
        return mkstemp(template);
    pthread_mutex_lock(&g->mu);
    int fd = mkstemp(template);
    free(g->tmp);
    g->tmp = fd >= 0 ? strdup(template) : NULL;
    pthread_mutex_unlock(&g->mu);
    return fd;
}

void cn_out_guard_remove(cn_out_guard *g)
{
    pthread_mutex_lock(&g->mu);
    struct stat st;
    if (g->tmp && lstat(g->tmp, &st) == 0 && !S_ISDIR(st.st_mode)) {
        unlink(g->tmp); /* a file goes in one step: nothing can be added to it after */
        free(g->tmp);
        g->tmp = NULL;
    }
    if (g->tmp) {
        /* "OUT.carnet-tmp-HOST-PID-XXXXXX-stopped": still a name the next run into OUT
         * removes, should a file the writer holds open keep the folder from going */
        size_t len = strlen(g->tmp) + sizeof "-stopped";
        char *stopped = malloc(len);
        if (stopped) {
            snprintf(stopped, len, "%s-stopped", g->tmp);
            cn_out_remove_tree(rename(g->tmp, stopped) == 0 ? stopped : g->tmp);
        } else {
            cn_out_remove_tree(g->tmp);
        }
        free(stopped);
        free(g->tmp);
        g->tmp = NULL;
    }
    pthread_mutex_unlock(&g->mu);
}

/* The signal that ends the guard's thread when the work is done. pthread_cancel did, but
 * glibc loads libgcc_s to unwind a cancelled thread, and with little memory left that
 * load failed and aborted the program at the end of its run (trial 102). The thread waits
 * for this signal, kept blocked, as for the others, so it ends by returning. */
#define GUARD_DONE SIGUSR2

/* Waits for a stopping signal, removes the folder being written, and lets the signal end
 * the program as it would have without the guard (a shell then sees 130 for Ctrl+C). */
static void *wait_for_stop(void *arg)
{
    cn_out_guard *g = arg;
    int sig;
    if (sigwait(&g->signals, &sig) != 0 || sig == GUARD_DONE)
        return NULL;
    cn_out_guard_remove(g);
    pthread_mutex_lock(&g->mu);
    if (g->placed)
        fprintf(stderr,
                "%s: %s: stopped after its new results were in place: they replace the "
                "earlier ones\n",
                program_invocation_short_name, g->placed);
    fflush(stderr); /* the signal ends the program without stdio's flush at exit */
    pthread_mutex_unlock(&g->mu);
    signal(sig, SIG_DFL);
    pthread_sigmask(SIG_UNBLOCK, &g->signals, NULL);
    raise(sig);
    return NULL;
}

int cn_out_guard_start(cn_out_guard *g)
{
    *g = (cn_out_guard){.tmp = NULL};
    if (stop_signals(&g->signals) == 0 || sigaddset(&g->signals, GUARD_DONE) != 0 ||
        pthread_mutex_init(&g->mu, NULL) != 0)
        return CN_ERR;
    pthread_sigmask(SIG_BLOCK, &g->signals, NULL);
    g->started = pthread_create(&g->thread, NULL, wait_for_stop, g) == 0;
    if (!g->started) {
        pthread_sigmask(SIG_UNBLOCK, &g->signals, NULL);
        pthread_mutex_destroy(&g->mu);
        return CN_ERR;
    }
    return 0;
}

void cn_out_guard_stop(cn_out_guard *g)
{
    if (g->started) {
        pthread_kill(g->thread, GUARD_DONE);
        pthread_join(g->thread, NULL);
        g->started = false;
    }
    pthread_sigmask(SIG_UNBLOCK, &g->signals, NULL);
    free(g->tmp);
    g->tmp = NULL;
    free(g->placed);
    g->placed = NULL;
    pthread_mutex_destroy(&g->mu);
}
