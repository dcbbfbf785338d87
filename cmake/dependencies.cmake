# Every dependency comes from Debian's packages (scripts/setup installs them).
find_package(Threads REQUIRED)
find_package(nlohmann_json 3.10 REQUIRED)
find_package(yaml-cpp REQUIRED)
find_package(tl-expected REQUIRED)
find_package(CLI11 REQUIRED)
find_package(PkgConfig REQUIRED)
pkg_check_modules(PCRE2 REQUIRED IMPORTED_TARGET libpcre2-8)
if(CONCORD_BUILD_TESTS)
  find_package(GTest REQUIRED)
endif()
if(CONCORD_BUILD_BENCH)
  find_package(benchmark REQUIRED)
endif()

# Debian's cpp-httplib is a compiled library (libcpp-httplib.so) whose header must be used
# with the same feature macros it was built with (OpenSSL, zlib, brotli): take them from
# its pkg-config file so the class layouts agree.
pkg_check_modules(HTTPLIB REQUIRED IMPORTED_TARGET cpp-httplib)
find_package(OpenSSL 1.1.1 REQUIRED) # TLS setup and error naming call OpenSSL directly
add_library(concord_httplib INTERFACE)
target_link_libraries(concord_httplib INTERFACE PkgConfig::HTTPLIB OpenSSL::SSL OpenSSL::Crypto
                      Threads::Threads)
