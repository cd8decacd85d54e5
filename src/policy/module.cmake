# policy: the rule language (parser, evaluator, explainer) and its tests.
steward_module(policy steward_core PkgConfig::SODIUM PkgConfig::JANSSON)
steward_test(policy steward_policy)
steward_script_test(policy_cli ${CMAKE_SOURCE_DIR}/tests/policy/check_cli.sh)

# bench/policy: median ns per decision with a 50-rule policy, against one
# SQLite primary-key lookup. Built with the tree, run by hand or bench/run.sh.
add_executable(bench_policy ${CMAKE_SOURCE_DIR}/bench/policy/bench_policy.c)
target_link_libraries(bench_policy PRIVATE steward_policy PkgConfig::SQLITE3)
