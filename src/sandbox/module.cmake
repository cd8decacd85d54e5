# sandbox: namespaces, mounts, seccomp, cgroups and rlimits for every run,
# plus artifact collection.
steward_module(sandbox steward_core PkgConfig::SECCOMP PkgConfig::JANSSON
               PkgConfig::SODIUM)
steward_test(sandbox steward_sandbox)
steward_test(sandbox_cgroup steward_sandbox)
steward_test(sandbox_artifacts steward_sandbox)

# The escape suite: a driver over the C API (sbx_run) and one attacker
# program per attempt, built without sanitizers (they are the untrusted
# side) into <build>/attacks/.
add_executable(sbx_run ${CMAKE_SOURCE_DIR}/tests/sandbox/sbx_run.c)
target_link_libraries(sbx_run PRIVATE steward_sandbox)
file(GLOB sbx_attacks CONFIGURE_DEPENDS
     ${CMAKE_SOURCE_DIR}/tests/sandbox/attacks/*.c)
foreach(src ${sbx_attacks})
  get_filename_component(n ${src} NAME_WE)
  add_executable(attack_${n} ${src})
  set_target_properties(attack_${n} PROPERTIES
    RUNTIME_OUTPUT_DIRECTORY ${CMAKE_BINARY_DIR}/attacks OUTPUT_NAME ${n})
  target_compile_options(attack_${n} PRIVATE -fno-sanitize=all)
  target_link_options(attack_${n} PRIVATE -fno-sanitize=all)
endforeach()
steward_script_test(sandbox_escape ${CMAKE_SOURCE_DIR}/tests/sandbox/escape.py)
steward_script_test(sandbox_steward
                    ${CMAKE_SOURCE_DIR}/tests/sandbox/steward_escape.py)
steward_script_test(sandbox_unpriv ${CMAKE_SOURCE_DIR}/tests/sandbox/unpriv.sh)

# bench/sandbox: steward's sandbox vs bubblewrap vs bare fork/exec.
add_executable(bench_sandbox ${CMAKE_SOURCE_DIR}/bench/sandbox/bench_sandbox.c)
target_link_libraries(bench_sandbox PRIVATE steward_sandbox)
