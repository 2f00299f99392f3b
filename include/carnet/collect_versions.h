/* collect_versions.h — the libraries of carnet-collect (the study database, its imports and
 * the desk) and their versions (versions.h): what its --version prints.
 * Ownership: the strings are static or in the caller's array; nothing fails. */
#ifndef CARNET_COLLECT_VERSIONS_H
#define CARNET_COLLECT_VERSIONS_H

#include "carnet/versions.h"

/* Fills v[0..CN_VERSIONS_MAX) in a fixed order; returns how many. */
int cn_collect_versions(cn_version *v);

#endif
