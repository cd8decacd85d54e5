steward_module(digest steward_core PkgConfig::JANSSON m)
steward_test(digest steward_digest steward_core)
steward_script_test(digest_accuracy ${CMAKE_SOURCE_DIR}/tests/digest/accuracy.py)
steward_script_test(digest_cli ${CMAKE_SOURCE_DIR}/tests/digest/cli.py)
