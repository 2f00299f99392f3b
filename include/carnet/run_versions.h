/* run_versions.h — the libraries of the analysis (carnet-analyse and its runs) and their
 * versions (versions.h): what its --version prints and a run's manifest.json records.
 * Ownership: the strings are static or in the caller's array; nothing fails. */
#ifndef CARNET_RUN_VERSIONS_H
#define CARNET_RUN_VERSIONS_H

#include "carnet/versions.h"

/* Fills v[0..CN_VERSIONS_MAX) in a fixed order; returns how many. */
int cn_run_versions(cn_version *v);

/* libstemmer's version, as cn_run_versions lists it ("unknown" when the build could not
 * tell): the report names the stemmer with it. */
const char *cn_run_stemmer_version(void);

#endif
