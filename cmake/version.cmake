# Writes cli/version.cpp from its template with the git revision of now. Run at every build
# (cli/CMakeLists.txt), so that `concord --version` names the commit that was built, not the
# one CMake was configured at; configure_file leaves the file untouched when nothing changed,
# so an unchanged revision relinks nothing.
#   cmake -DSOURCE_DIR=... -DIN=... -DOUT=... -DPROJECT_VERSION=... -P version.cmake
execute_process(COMMAND git rev-parse --short HEAD WORKING_DIRECTORY ${SOURCE_DIR}
                OUTPUT_VARIABLE CONCORD_GIT_REVISION OUTPUT_STRIP_TRAILING_WHITESPACE
                ERROR_QUIET RESULT_VARIABLE git_result)
if(NOT git_result EQUAL 0 OR CONCORD_GIT_REVISION STREQUAL "")
  set(CONCORD_GIT_REVISION unknown)
endif()
configure_file(${IN} ${OUT} @ONLY)
