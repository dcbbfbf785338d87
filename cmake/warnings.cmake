add_library(concord_warnings INTERFACE)
target_compile_options(concord_warnings INTERFACE
  -Wall -Wextra -Wpedantic -Wshadow -Wnon-virtual-dtor -Woverloaded-virtual
  -Wnull-dereference -Wold-style-cast)
if(CONCORD_WARNINGS_AS_ERRORS)
  target_compile_options(concord_warnings INTERFACE -Werror)
endif()
