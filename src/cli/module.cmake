# The steward binary: the CLI front end linked with every module library.
file(GLOB cli_srcs CONFIGURE_DEPENDS ${CMAKE_SOURCE_DIR}/src/cli/*.c)
add_executable(steward ${cli_srcs})
# `steward --version` and the man page print the project version.
target_compile_definitions(steward PRIVATE
                           STEWARD_VERSION="${PROJECT_VERSION}")
set(steward_libs)
foreach(f ${module_files})
  get_filename_component(dir ${f} DIRECTORY)
  get_filename_component(mod ${dir} NAME)
  if(NOT mod STREQUAL "cli")
    list(APPEND steward_libs steward_${mod})
  endif()
endforeach()
target_link_libraries(steward PRIVATE ${steward_libs})

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
# cli_govern checks expiries of 1-2 s; the integrity tests store and sync
# tens of MB. They never run side by side (fsync latency, not logic).
set_tests_properties(cli_govern cli_integrity cli_truth cli_halt
                     PROPERTIES RESOURCE_LOCK sync_heavy)
