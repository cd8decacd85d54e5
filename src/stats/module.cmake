steward_module(stats steward_core PkgConfig::JANSSON m)
steward_test(stats steward_stats)
steward_script_test(stats_oracle ${CMAKE_SOURCE_DIR}/tests/stats/oracle.py)
