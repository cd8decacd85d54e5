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
steward_script_test(cli_newuser ${CMAKE_SOURCE_DIR}/tests/cli/newuser.sh)
