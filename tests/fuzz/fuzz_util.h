/* fuzz_util.h — what the libFuzzer targets share: a private temporary folder for the
 * process and a way to hand the fuzzer's bytes to readers that take a file name.
 * The paths returned live in static buffers, valid until the next call. */
#ifndef CARNET_FUZZ_UTIL_H
#define CARNET_FUZZ_UTIL_H

#include <stddef.h>
#include <stdint.h>

/* The process's temporary folder (created on first use under $TMPDIR or /tmp). */
const char *fuzz_dir(void);

/* dir/name, in a static buffer per slot (0..3), for several files at once. */
const char *fuzz_path(int slot, const char *name);

/* Writes data to fuzz_path(slot, name), mode 0600, and returns that path; aborts when
 * the write fails (a harness problem, not a finding). */
const char *fuzz_write(int slot, const char *name, const uint8_t *data, size_t size);

/* Aborts with the message: how a target reports a broken invariant to libFuzzer. */
void fuzz_fail(const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 1, 2), noreturn))
#endif
    ;

#endif
