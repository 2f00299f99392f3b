# generate.cmake — writes OUT from what PROG prints when run with ARGS (a list), after the
# text of HEAD when given: the man pages and bash completion, generated at build time
# from the option tables. CARNET_DB is unset so that a default shown is the program's own.
unset(ENV{CARNET_DB})
string(REPLACE "," ";" ARGS "${ARGS}")
execute_process(COMMAND ${PROG} ${ARGS} OUTPUT_VARIABLE text RESULT_VARIABLE rc)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "${PROG} ${ARGS}: exit ${rc}")
endif()
if(HEAD)
  file(READ ${HEAD} head)
  set(text "${head}${text}")
endif()
file(WRITE ${OUT} "${text}")
# GZIP: also OUT.gz, compressed as Debian installs man pages (no name or time inside, so
# the same page gives the same bytes).
if(GZIP)
  execute_process(COMMAND gzip -9 -n -c ${OUT} OUTPUT_FILE ${OUT}.gz RESULT_VARIABLE rc)
  if(NOT rc EQUAL 0)
    message(FATAL_ERROR "gzip ${OUT}: exit ${rc}")
  endif()
endif()
