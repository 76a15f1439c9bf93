# Generates build_info.hpp for `sockscope --version`: which optional parts this build has (eBPF,
# the desktop window, the exporter) and the versions of libraries without a run-time version call.
# Included at the end of CMakeLists.txt, when every optional target is known.
set(SOCKSCOPE_BUILD_EBPF 0)
if(SOCKSCOPE_BPF_BUILT)
  set(SOCKSCOPE_BUILD_EBPF 1)
endif()
set(SOCKSCOPE_BUILD_GUI 0)
if(TARGET sockscope-gui)
  set(SOCKSCOPE_BUILD_GUI 1)
endif()
set(SOCKSCOPE_BUILD_SERVE 0)
if(TARGET ss_serve OR SOCKSCOPE_SERVE_BUILT)
  set(SOCKSCOPE_BUILD_SERVE 1)
endif()
configure_file(${PROJECT_SOURCE_DIR}/src/cli/build_info.hpp.in ${PROJECT_BINARY_DIR}/generated/cli/build_info.hpp @ONLY)
target_include_directories(ss_cli PUBLIC ${PROJECT_BINARY_DIR}/generated)
