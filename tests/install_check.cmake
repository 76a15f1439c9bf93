# Installs the build into a scratch prefix and checks the layout: binary, tcpvcon/tcpview links, man page, completions, unit.
file(REMOVE_RECURSE "${DEST}")
execute_process(COMMAND "${CMAKE_COMMAND}" --install "${BUILD_DIR}" --prefix "${DEST}"
                RESULT_VARIABLE rc OUTPUT_QUIET)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "cmake --install failed: ${rc}")
endif()
foreach(f bin/sockscope share/man/man1/sockscope.1.gz share/man/man1/tcpvcon.1.gz lib/systemd/system/sockscope-record.service
          share/bash-completion/completions/sockscope share/bash-completion/completions/tcpvcon
          share/zsh/vendor-completions/_sockscope share/fish/vendor_completions.d/sockscope.fish
          share/doc/sockscope/copyright)
  if(NOT EXISTS "${DEST}/${f}")
    message(FATAL_ERROR "not installed: ${f}")
  endif()
endforeach()
foreach(alias tcpvcon tcpview)
  if(NOT IS_SYMLINK "${DEST}/bin/${alias}")
    message(FATAL_ERROR "no ${alias} symlink")
  endif()
  file(READ_SYMLINK "${DEST}/bin/${alias}" target)
  if(NOT target STREQUAL "sockscope")
    message(FATAL_ERROR "${alias} points to ${target}, not sockscope")
  endif()
endforeach()
execute_process(COMMAND "${DEST}/bin/tcpvcon" --help OUTPUT_VARIABLE help RESULT_VARIABLE rc)
if(NOT rc EQUAL 0 OR NOT help MATCHES "tcpvcon|list")
  message(FATAL_ERROR "installed tcpvcon does not answer --help: ${rc}")
endif()
# The unit names the binary where this install put it (configured at install time).
file(STRINGS "${DEST}/lib/systemd/system/sockscope-record.service" exec REGEX "^ExecStart=")
if(NOT exec MATCHES "^ExecStart=${DEST}/bin/sockscope record")
  message(FATAL_ERROR "the unit starts '${exec}', not ${DEST}/bin/sockscope")
endif()
message(STATUS "install layout ok")
