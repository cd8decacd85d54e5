steward_module(compare steward_stats steward_core PkgConfig::JANSSON m)
steward_test(compare steward_compare)
steward_script_test(compare_cli ${CMAKE_SOURCE_DIR}/tests/compare/cli.sh)
