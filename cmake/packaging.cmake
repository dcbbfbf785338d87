# Install rules and the Debian package (CPack).
#   cmake --install build --prefix P   ->  P/bin/concord, P/share/doc/concord/...,
#                                          P/share/bash-completion/..., P/share/zsh/...
#   scripts/package [BUILD_DIR]        ->  BUILD_DIR/packages/concord_<version>_<arch>.deb
# The HTML report's page is compiled into the program (reports/templates/embed.cmake), so
# there are no asset files to install.
include(GNUInstallDirs)

install(TARGETS concord RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR})
install(FILES ${PROJECT_SOURCE_DIR}/README.md ${PROJECT_SOURCE_DIR}/ARCHITECTURE.md
        DESTINATION ${CMAKE_INSTALL_DOCDIR})
install(DIRECTORY ${PROJECT_SOURCE_DIR}/docs/ DESTINATION ${CMAKE_INSTALL_DOCDIR}
        FILES_MATCHING PATTERN "*.md")
# The seed specs with their behaviours and scenarios, as examples to start from.
install(DIRECTORY ${PROJECT_SOURCE_DIR}/specs/ DESTINATION ${CMAKE_INSTALL_DOCDIR}/examples/specs)
foreach(example northflank feldera clickhouse servicefabric scenarios)
  install(DIRECTORY ${PROJECT_SOURCE_DIR}/fixtures/${example}
          DESTINATION ${CMAKE_INSTALL_DOCDIR}/examples/fixtures)
endforeach()

# Shell completion, generated from the program's own command definitions.
set(concord_completion_dir ${PROJECT_BINARY_DIR}/completion)
add_custom_command(
  OUTPUT ${concord_completion_dir}/concord ${concord_completion_dir}/_concord
  COMMAND ${CMAKE_COMMAND} -E make_directory ${concord_completion_dir}
  COMMAND $<TARGET_FILE:concord> completion bash > ${concord_completion_dir}/concord
  COMMAND $<TARGET_FILE:concord> completion zsh > ${concord_completion_dir}/_concord
  DEPENDS concord
  COMMENT "Generating shell completion for concord")
add_custom_target(concord_completion ALL
                  DEPENDS ${concord_completion_dir}/concord ${concord_completion_dir}/_concord)
install(FILES ${concord_completion_dir}/concord
        DESTINATION ${CMAKE_INSTALL_DATADIR}/bash-completion/completions)
install(FILES ${concord_completion_dir}/_concord
        DESTINATION ${CMAKE_INSTALL_DATADIR}/zsh/vendor-completions)

set(CPACK_GENERATOR DEB)
set(CPACK_PACKAGE_NAME concord)
set(CPACK_PACKAGE_VERSION ${PROJECT_VERSION})
set(CPACK_PACKAGE_VENDOR "Concord")
set(CPACK_PACKAGE_CONTACT "Concord maintainers <concord@localhost>")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY
    "OpenAPI contract testing: stateful mock server, conformance runner, linter")
set(CPACK_PACKAGE_DIRECTORY ${PROJECT_BINARY_DIR}/packages)
set(CPACK_PACKAGING_INSTALL_PREFIX /usr)
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_PACKAGE_SECTION devel)
set(CPACK_DEBIAN_PACKAGE_PRIORITY optional)
# Depends: dpkg-shlibdeps reads the NEEDED entries of bin/concord and names the Debian
# packages that provide them (libcpp-httplib0.11, libyaml-cpp0.7, libpcre2-8-0, libssl3, ...).
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
set(CPACK_STRIP_FILES ON)
include(CPack)
