steward_module(search steward_core PkgConfig::JANSSON m)
steward_test(search steward_search)
steward_script_test(search_stdio ${CMAKE_SOURCE_DIR}/tests/search/run.sh)
