# Two binaries from the CLI sources. `steward` is what every command,
# request child and run supervisor execs: it must start fast, so it leaves
# out the HTTP stack (libmicrohttpd and the GnuTLS it loads cost every
# process milliseconds). `steward serve` execs `steward-serve`, beside it,
# which is the same CLI with the server linked in.
file(GLOB cli_srcs CONFIGURE_DEPENDS ${CMAKE_SOURCE_DIR}/src/cli/*.c)
set(cli_light_srcs ${cli_srcs})
list(FILTER cli_light_srcs EXCLUDE REGEX "/cmd_serve\\.c$")
set(cli_serve_srcs ${cli_srcs})
list(FILTER cli_serve_srcs EXCLUDE REGEX "/serve_elsewhere\\.c$")
add_executable(steward ${cli_light_srcs})
add_executable(steward-serve ${cli_serve_srcs})
set(steward_libs)
foreach(f ${module_files})
  get_filename_component(dir ${f} DIRECTORY)
  get_filename_component(mod ${dir} NAME)
  if(NOT mod STREQUAL "cli")
    list(APPEND steward_libs steward_${mod})
  endif()
endforeach()
foreach(bin steward steward-serve)
  # `steward --version` and the man page print the project version.
  target_compile_definitions(${bin} PRIVATE
                             STEWARD_VERSION="${PROJECT_VERSION}")
  target_link_libraries(${bin} PRIVATE ${steward_libs})
endforeach()
# Libraries nothing in `steward` calls (the HTTP stack) are not loaded.
target_link_options(steward PRIVATE -Wl,--as-needed)
add_dependencies(steward steward-serve)

steward_script_test(cli_core ${CMAKE_SOURCE_DIR}/tests/cli/core.sh)
steward_script_test(cli_recovery ${CMAKE_SOURCE_DIR}/tests/cli/recovery.sh)
steward_script_test(cli_govern ${CMAKE_SOURCE_DIR}/tests/cli/govern.sh)
steward_script_test(cli_campaign ${CMAKE_SOURCE_DIR}/tests/cli/campaign.sh)
steward_script_test(cli_integrity ${CMAKE_SOURCE_DIR}/tests/cli/integrity.sh)
steward_script_test(cli_envelope ${CMAKE_SOURCE_DIR}/tests/cli/envelope.sh)
steward_script_test(cli_halt ${CMAKE_SOURCE_DIR}/tests/cli/halt.sh)
steward_script_test(cli_ledger ${CMAKE_SOURCE_DIR}/tests/cli/ledger.sh)
steward_script_test(cli_truth ${CMAKE_SOURCE_DIR}/tests/cli/truth.sh)
steward_script_test(cli_mistakes ${CMAKE_SOURCE_DIR}/tests/cli/mistakes.sh)
steward_script_test(cli_newuser ${CMAKE_SOURCE_DIR}/tests/cli/newuser.sh)
steward_script_test(cli_digest_end ${CMAKE_SOURCE_DIR}/tests/cli/digest_end.sh)
steward_script_test(cli_terminal ${CMAKE_SOURCE_DIR}/tests/cli/terminal.sh)
steward_script_test(cli_redecide ${CMAKE_SOURCE_DIR}/tests/cli/redecide.sh)
# cli_govern checks expiries of 1-2 s; the integrity tests store and sync
# tens of MB. They never run side by side (fsync latency, not logic).
set_tests_properties(cli_govern cli_integrity cli_truth cli_halt
                     PROPERTIES RESOURCE_LOCK sync_heavy)
