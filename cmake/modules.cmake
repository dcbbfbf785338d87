# One function builds every library module, so the layer rules of ARCHITECTURE.md are
# enforced by the compiler instead of by review.
#
#   concord_add_module(<target>
#     SOURCES      a.cpp b.cpp ...          # the library's .cpp files, one per line, sorted
#     DEPS         concord_core ...         # our modules and libraries its headers expose (PUBLIC)
#     PRIVATE_DEPS concord_httplib ...      # what only its .cpp files use (PRIVATE)
#     TESTS        tests/x_test.cpp ...     # optional: the module's GoogleTest binary
#     TEST_NAME    reports_tests)           # optional: default <directory>_tests
#
# It is called from the module's own directory (core/, mock/, ...); the directory's name is
# the module's include prefix. To add a file, add its line to SOURCES or TESTS (no GLOB: a
# new file is a reviewed change, and a stale build tree cannot pick up a deleted one).
#
# Include roots: a module exports only ${CMAKE_BINARY_DIR}/include-roots/<dir>/, a generated
# directory holding one symlink `<dir> -> <source>/<dir>`. So `#include "core/model.hpp"`
# works wherever concord_core is linked, and `#include "conformance/x.hpp"` from mock fails
# to compile ("No such file"), because nothing gives mock the conformance root nor the
# project root. Headers stay where they are.

# Makes ${CMAKE_BINARY_DIR}/include-roots/<name>/<name> -> ${PROJECT_SOURCE_DIR}/<name> and
# returns the root directory in <out_var>.
function(concord_include_root name out_var)
  set(root ${CMAKE_BINARY_DIR}/include-roots/${name})
  file(MAKE_DIRECTORY ${root})
  if(NOT IS_SYMLINK ${root}/${name})
    file(CREATE_LINK ${PROJECT_SOURCE_DIR}/${name} ${root}/${name} SYMBOLIC)
  endif()
  set(${out_var} ${root} PARENT_SCOPE)
endfunction()

# Gives an executable (cli, bench, fuzz) its own directory's include root, privately.
function(concord_use_own_root target)
  get_filename_component(dir ${CMAKE_CURRENT_SOURCE_DIR} NAME)
  concord_include_root(${dir} root)
  target_include_directories(${target} PRIVATE ${root})
endfunction()

function(concord_add_module target)
  cmake_parse_arguments(PARSE_ARGV 1 arg "" "TEST_NAME" "SOURCES;DEPS;PRIVATE_DEPS;TESTS")
  if(arg_UNPARSED_ARGUMENTS)
    message(FATAL_ERROR "concord_add_module(${target}): unknown arguments ${arg_UNPARSED_ARGUMENTS}")
  endif()
  if(NOT arg_SOURCES)
    message(FATAL_ERROR "concord_add_module(${target}): SOURCES is empty")
  endif()
  get_filename_component(dir ${CMAKE_CURRENT_SOURCE_DIR} NAME)
  concord_include_root(${dir} root)

  add_library(${target} STATIC ${arg_SOURCES})
  target_include_directories(${target} PUBLIC ${root})
  target_link_libraries(${target} PUBLIC ${arg_DEPS})
  target_link_libraries(${target} PRIVATE ${arg_PRIVATE_DEPS} concord_warnings concord_sanitizers)

  if(CONCORD_BUILD_TESTS AND arg_TESTS)
    set(test_target ${dir}_tests)
    if(arg_TEST_NAME)
      set(test_target ${arg_TEST_NAME})
    endif()
    add_executable(${test_target} ${arg_TESTS})
    target_link_libraries(${test_target} PRIVATE ${target} GTest::gtest_main GTest::gmock
                          concord_warnings concord_sanitizers)
    target_compile_definitions(${test_target} PRIVATE CONCORD_SOURCE_DIR="${PROJECT_SOURCE_DIR}")
    gtest_discover_tests(${test_target} PROPERTIES LABELS unit DISCOVERY_TIMEOUT 60)
  endif()
endfunction()
