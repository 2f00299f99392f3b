/* outfile.h — the files and folders Carnet writes from health data: owner-only (files
 * 0600, folders 0700) whatever the umask, never written through a symbolic link, and a
 * run's folder built beside its target and moved into place only once complete, so a
 * failed run leaves the previous one intact and a finished one leaves no stale file.
 *
 * Paths belong to the caller; a cn_out_dir's strings are malloc'd and freed by commit or
 * abort. Functions return CN_OK or a negative cn_code (CN_EIO, CN_EINVALID) with the
 * path in the message. */
#ifndef CARNET_OUTFILE_H
#define CARNET_OUTFILE_H

#include <stdbool.h>
#include <stdio.h>

#include "carnet/error.h"

/* Creates or truncates path for writing, mode 0600; refuses a symbolic link. */
FILE *cn_out_open(const char *path, cn_error *err);

/* Closes f, reporting a write that failed at any point as CN_EIO, with the system's
 * reason ("No space left on device"). */
int cn_out_close(FILE *f, const char *path, cn_error *err);
/* cn_out_close for a file whose buffered writer (wbuf.h) failed already when failed. */
int cn_out_close_failed(FILE *f, const char *path, bool failed, cn_error *err);

/* Creates the folder dir, mode 0700; an existing folder is fine, a link is refused. */
int cn_out_mkdir(const char *dir, cn_error *err);
/* The folder that holds path into out (size bytes): "." for a bare name, "/" at the root. */
void cn_out_folder_of(const char *path, char *out, size_t size);
/* The refusal of a path whose folder does not exist (CN_EINVALID): the folder named, with
 * the command that makes it, or another path to give (instead: "path", "output folder"). */
int cn_out_missing_parent(const char *path, const char *instead, cn_error *err);

/* A folder being written: `tmp` (beside `target`, same file system) until commit. */
typedef struct cn_out_dir {
    char *target;
    char *tmp;
    /* NULL, or where tmp is held while it is written, for the program's signal thread
     * (outguard.h) */
    struct cn_out_guard *guard;
    /* NULL, or from begin on: a warning for the user, naming a folder that a stopped run
     * left beside target, with its data, and that could not be removed */
    char *stray;
} cn_out_dir;

/* Checks target — absent, an empty folder, or a folder holding only what an earlier
 * commit wrote there (the list it left in .carnet-files); a link, a file, or a folder
 * holding anything else is refused, naming it: replacing the folder would destroy it; so
 * is an earlier run that could not be removed once replaced (a folder or file in it made
 * read-only) — then creates the temporary folder, held in guard (NULL: none) until commit
 * or abort. */
int cn_out_dir_begin(cn_out_dir *d, const char *target, struct cn_out_guard *guard, cn_error *err);

/* Checks target again as begin did (refused: the folder is removed, target untouched),
 * lists what the finished folder holds in its .carnet-files, moves it into place (swapping
 * atomically with an earlier one where the system can) and deletes the earlier one: CN_EIO
 * when that fails, the results in place and the message naming where the earlier ones
 * stay. */
int cn_out_dir_commit(cn_out_dir *d, cn_error *err);

/* Deletes the temporary folder and what it holds; the target is untouched. */
void cn_out_dir_abort(cn_out_dir *d);

/* cn_out_dir_abort after a failure, err's message then naming the target where it named
 * the temporary folder, which is gone ("OUT/report.html: write error: ..."). */
void cn_out_dir_fail(cn_out_dir *d, cn_error *err);
/* In err's message, target where it names tmp (a folder being written into, which the
 * reader will not find): for a message kept beside the results, as a failed cohort's. */
void cn_out_name_target(cn_error *err, const char *tmp, const char *target);

/* A file being written: to `tmp` beside `path`, renamed over it at the end. */
typedef struct cn_out_file {
    FILE *f;
    char *path, *tmp;
    struct cn_out_guard *guard; /* NULL, or where tmp is held while it is written */
} cn_out_file;

/* Opens a temporary file (0600) beside path, held in guard (NULL: none) until the end;
 * CN_EBUSY when another process of this machine is writing path.
 * An existing path is replaced only when it is a regular file that begins with one of the
 * prefixes (NULL-terminated list: what the caller itself writes, e.g. "**** " for a
 * corpus), so an export never overwrites the study database, its source files or anything
 * else by a slip of -o; a link is refused. */
int cn_out_file_begin(cn_out_file *o, const char *path, const char *const *prefixes,
                      struct cn_out_guard *guard, cn_error *err);

/* Closes the file and, when rc is CN_OK and every write succeeded, renames it over path;
 * otherwise removes it, leaving path as it was. Returns rc or the closing failure. */
int cn_out_file_end(cn_out_file *o, int rc, cn_error *err);

/* A new temporary file beside path, "PATH.tmp-HOST-PID-XXXXXX" (mode 0600, the same file
 * system), created and held in guard (NULL: none) in one step: its descriptor, and its name
 * in *tmp (malloc'd, the caller's); a negative cn_code (CN_EIO naming path) when it cannot
 * be made. Those left beside path by writers that no longer run (killed) are removed. */
int cn_out_temp_beside(const char *path, struct cn_out_guard *guard, char **tmp, cn_error *err);

/* Moves the finished file tmp to path, which must not exist: never replaced, even by a
 * file created since it was checked (where the file system can say so). CN_EINVALID when
 * path exists, CN_EIO otherwise; tmp stays then, for the caller to remove. */
int cn_out_place_new(const char *tmp, const char *path, cn_error *err);

/* Whether process pid lives and, where /proc tells, runs program (its file's name, or a
 * path to it; NULL: this program): a writer killed since, whose number another program now
 * has, is none. */
bool cn_out_writer_alive(long pid, const char *program);

/* Deletes the folder dir and everything below it, never following a link: 0, or -1 with
 * errno the first failure's, what could be removed gone. */
int cn_out_remove_tree(const char *dir);
/* The bytes of the regular files in the folder dir and below it, never following a link
 * (what deleting it would free, give or take the blocks); 0 when it cannot be read. */
unsigned long long cn_out_tree_bytes(const char *dir);

#endif
