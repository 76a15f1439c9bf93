# Installs like a Debian system tool: generated shell completions, the compressed man page and its
# tcpvcon/tcpview links, the copyright and changelog, lintian overrides, and the .deb packages CPack
# makes from it all (`cpack -G DEB` in the build directory):
#   sockscope      every install rule of component "sockscope" (the default component name)
#   sockscope-gui  component "gui" (the sockscope-gui window, its desktop entry and icon), only
#                  when the sockscope-gui target is built; it depends on sockscope.
# Included at the end of CMakeLists.txt, when every target is known.

# --- shell completions, written by the built binary from its own option tables -------------------
set(completion_dir ${PROJECT_BINARY_DIR}/completions)
set(completion_files ${completion_dir}/sockscope.bash ${completion_dir}/_sockscope ${completion_dir}/sockscope.fish)
add_custom_command(OUTPUT ${completion_files}
  COMMAND ${CMAKE_COMMAND} -E make_directory ${completion_dir}
  COMMAND sh -c "\"$1\" completion bash > \"$2\" && \"$1\" completion zsh > \"$3\" && \"$1\" completion fish > \"$4\""
          sh $<TARGET_FILE:sockscope> ${completion_files}
  DEPENDS sockscope
  COMMENT "Generating the bash, zsh and fish completions from sockscope's option tables" VERBATIM)
add_custom_target(sockscope_completions ALL DEPENDS ${completion_files})

set(bash_dir ${CMAKE_INSTALL_DATADIR}/bash-completion/completions)
set(fish_dir ${CMAKE_INSTALL_DATADIR}/fish/vendor_completions.d)
install(FILES ${completion_dir}/sockscope.bash DESTINATION ${bash_dir} RENAME sockscope COMPONENT sockscope)
install(FILES ${completion_dir}/_sockscope DESTINATION ${CMAKE_INSTALL_DATADIR}/zsh/vendor-completions COMPONENT sockscope)
install(FILES ${completion_dir}/sockscope.fish DESTINATION ${fish_dir} COMPONENT sockscope)

# --- man page (gzip -9n, as Debian ships them); changelog.gz (a native package) ----------------
set(man_gz ${PROJECT_BINARY_DIR}/sockscope.1.gz)
configure_file(${PROJECT_SOURCE_DIR}/packaging/debian/changelog.Debian.in ${PROJECT_BINARY_DIR}/changelog.Debian @ONLY)
set(changelog_gz ${PROJECT_BINARY_DIR}/changelog.gz)
add_custom_command(OUTPUT ${man_gz} ${changelog_gz}
  COMMAND sh -c "gzip -9n -c \"$1\" > \"$2\" && gzip -9n -c \"$3\" > \"$4\""
          sh ${PROJECT_SOURCE_DIR}/man/sockscope.1 ${man_gz} ${PROJECT_BINARY_DIR}/changelog.Debian ${changelog_gz}
  DEPENDS ${PROJECT_SOURCE_DIR}/man/sockscope.1 ${PROJECT_BINARY_DIR}/changelog.Debian
  COMMENT "Compressing the man page and changelog" VERBATIM)
add_custom_target(sockscope_man_gz ALL DEPENDS ${man_gz} ${changelog_gz})
install(FILES ${man_gz} DESTINATION ${CMAKE_INSTALL_MANDIR}/man1 COMPONENT sockscope)
set(doc_dir ${CMAKE_INSTALL_DATADIR}/doc/sockscope)
install(FILES packaging/debian/copyright ${changelog_gz} DESTINATION ${doc_dir} COMPONENT sockscope)
install(FILES packaging/lintian/sockscope DESTINATION ${CMAKE_INSTALL_DATADIR}/lintian/overrides COMPONENT sockscope)
if(TARGET sockscope-gui)  # every Debian package carries its own copyright and changelog, and man page
  install(FILES packaging/debian/copyright ${changelog_gz} DESTINATION ${CMAKE_INSTALL_DATADIR}/doc/sockscope-gui COMPONENT gui)
  set(gui_man_gz ${PROJECT_BINARY_DIR}/sockscope-gui.1.gz)
  add_custom_command(OUTPUT ${gui_man_gz}
    COMMAND sh -c "gzip -9n -c \"$1\" > \"$2\"" sh ${PROJECT_SOURCE_DIR}/man/sockscope-gui.1 ${gui_man_gz}
    DEPENDS ${PROJECT_SOURCE_DIR}/man/sockscope-gui.1 COMMENT "Compressing the window's man page" VERBATIM)
  add_custom_target(sockscope_gui_man_gz ALL DEPENDS ${gui_man_gz})
  install(FILES ${gui_man_gz} DESTINATION ${CMAKE_INSTALL_MANDIR}/man1 COMPONENT gui)
endif()

# Links: tcpvcon and tcpview share sockscope's man page and completions (bash-completion and fish
# load a command's file by its name).
install(CODE "
  set(root \"\$ENV{DESTDIR}\${CMAKE_INSTALL_PREFIX}\")
  foreach(alias tcpvcon tcpview)
    foreach(link \"${CMAKE_INSTALL_MANDIR}/man1/\${alias}.1.gz|sockscope.1.gz\"
                 \"${bash_dir}/\${alias}|sockscope\" \"${fish_dir}/\${alias}.fish|sockscope.fish\")
      string(REPLACE \"|\" \";\" pair \"\${link}\")
      list(GET pair 0 path)
      list(GET pair 1 target)
      file(CREATE_LINK \${target} \"\${root}/\${path}\" SYMBOLIC)
      message(STATUS \"Installing: \${root}/\${path} -> \${target}\")
    endforeach()
  endforeach()
" COMPONENT sockscope)

# --- the .deb packages ---------------------------------------------------------------------------
file(GLOB sockscope_units RELATIVE ${PROJECT_SOURCE_DIR}/packaging ${PROJECT_SOURCE_DIR}/packaging/*.service)
list(JOIN sockscope_units " " SOCKSCOPE_UNITS)
foreach(script postinst prerm postrm)
  configure_file(${PROJECT_SOURCE_DIR}/packaging/debian/${script}.in ${PROJECT_BINARY_DIR}/debian/${script} @ONLY
                 FILE_PERMISSIONS OWNER_READ OWNER_WRITE OWNER_EXECUTE GROUP_READ GROUP_EXECUTE WORLD_READ WORLD_EXECUTE)
endforeach()

set(CPACK_GENERATOR DEB)
set(CPACK_PACKAGE_NAME sockscope)
set(CPACK_PACKAGE_VERSION ${PROJECT_VERSION})
set(CPACK_PACKAGE_CONTACT "sockscope maintainers <maintainers@users.noreply.h-seed-0032bc00.example>")
set(CPACK_PACKAGE_VENDOR "sockscope")
set(CPACK_PACKAGING_INSTALL_PREFIX /usr)
set(CPACK_STRIP_FILES ON)
set(CPACK_DEB_COMPONENT_INSTALL ON)
set(CPACK_COMPONENTS_ALL sockscope)
if(TARGET sockscope-gui)
  list(APPEND CPACK_COMPONENTS_ALL gui)
endif()
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
set(CPACK_DEBIAN_PACKAGE_SECTION net)
set(CPACK_DEBIAN_PACKAGE_PRIORITY optional)
set(CPACK_DEBIAN_PACKAGE_HOMEPAGE "https://h-seed-0032bc00.example/sockscope")
set(CPACK_DEBIAN_PACKAGE_CONTROL_STRICT_PERMISSION ON)

set(CPACK_DEBIAN_SOCKSCOPE_PACKAGE_NAME sockscope)
set(CPACK_COMPONENT_SOCKSCOPE_DESCRIPTION "network endpoints and their processes (TCPView/netstat for Linux)
sockscope shows every network endpoint on a Linux host - TCP, UDP, raw and UNIX
sockets, their state, queues and traffic counters - and which processes own
them, as a list (table, CSV, JSON), a live terminal view, Windows and BSD
netstat, and a recorded connection history. It also answers to tcpvcon and
tcpview. Completions for bash, zsh and fish, and a hardened systemd unit for
the recorder are included.")
set(CPACK_DEBIAN_SOCKSCOPE_PACKAGE_CONTROL_EXTRA
    ${PROJECT_BINARY_DIR}/debian/postinst ${PROJECT_BINARY_DIR}/debian/prerm ${PROJECT_BINARY_DIR}/debian/postrm)

set(CPACK_DEBIAN_GUI_PACKAGE_NAME sockscope-gui)
set(CPACK_DEBIAN_GUI_PACKAGE_SECTION net)
set(CPACK_DEBIAN_GUI_PACKAGE_DEPENDS "sockscope (= ${PROJECT_VERSION})")
# Qt loads its platform plugins at run time (shlibdeps cannot see them): X11 (qt6-qpa-plugins) and
# Wayland (qt6-wayland); without either the window says in one line that no display answers.
set(CPACK_DEBIAN_GUI_PACKAGE_RECOMMENDS "qt6-qpa-plugins, qt6-wayland")
set(CPACK_COMPONENT_GUI_DESCRIPTION "desktop window for sockscope (TCPView for Linux)
The sockscope-gui window shows the same live endpoint table as the terminal
view of sockscope, with its desktop entry and icon; `sockscope gui` opens it.")

include(CPack)

# --- tests: the completions in their shells, --version ------------------------------------------
if(SOCKSCOPE_TESTS)
  foreach(shell bash zsh fish)
    add_test(NAME completion_${shell}
             COMMAND ${PROJECT_SOURCE_DIR}/tests/completion/shell_completion_test.sh ${shell} ${completion_dir} $<TARGET_FILE:sockscope>)
    set_tests_properties(completion_${shell} PROPERTIES LABELS unit SKIP_RETURN_CODE 77)
  endforeach()
  add_test(NAME version_text
           COMMAND ${CMAKE_COMMAND} -DBINARY=$<TARGET_FILE:sockscope> -DVERSION=${PROJECT_VERSION}
                   -DEBPF=${SOCKSCOPE_BUILD_EBPF} -DGUI=${SOCKSCOPE_BUILD_GUI} -DSERVE=${SOCKSCOPE_BUILD_SERVE}
                   -P ${PROJECT_SOURCE_DIR}/tests/version_check.cmake)
  set_tests_properties(version_text PROPERTIES LABELS unit)
endif()
