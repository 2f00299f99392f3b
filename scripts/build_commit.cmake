# build_commit.cmake — writes OUT, a C file defining cn_versions_commit() (versions.h): the
# git commit the sources are, with "-dirty" when the tree has changes, or "unknown" outside
# a git clone (a tarball) or without git. Run at every build (CMakeLists.txt), it rewrites
# OUT only when the commit changed, so that an unchanged tree rebuilds nothing.
# Usage: cmake -DSRC=<source dir> -DOUT=<file.c> -P build_commit.cmake
set(commit "unknown")
find_program(GIT git)
if(GIT AND EXISTS "${SRC}/.git")
  # --exclude=*: no tag names the commit, or a tagged release would say "v0.1.0" (or
  # "v0.1.0-3-g...") where the commit's digits are wanted
  # safe.directory: a clone owned by another account (a shared checkout, a container's
  # mounted source) is refused by git as of "dubious ownership", and its build said
  # "commit unknown" (trial 71); git only reads here
  execute_process(COMMAND "${GIT}" -c "safe.directory=${SRC}" -C "${SRC}" describe --always
                          --dirty --abbrev=12 --exclude=*
                  OUTPUT_VARIABLE described OUTPUT_STRIP_TRAILING_WHITESPACE
                  RESULT_VARIABLE failed ERROR_QUIET)
  if(NOT failed AND described MATCHES "^[0-9a-f]+(-dirty)?$")
    set(commit "${described}")
  endif()
endif()
set(text "/* Written by scripts/build_commit.cmake at build time: do not edit. */
#include \"carnet/versions.h\"

const char *cn_versions_commit(void)
{
    return \"${commit}\";
}
")
if(EXISTS "${OUT}")
  file(READ "${OUT}" old)
endif()
if(NOT old STREQUAL text)
  file(WRITE "${OUT}" "${text}")
endif()
