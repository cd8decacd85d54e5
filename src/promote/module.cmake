# promote: candidates, promotion gates, the production pointer.
steward_module(promote steward_api steward_sandbox steward_policy steward_ledger steward_store steward_core PkgConfig::SODIUM PkgConfig::JANSSON)
steward_test(promote steward_promote steward_policy)
steward_script_test(cli_promote ${CMAKE_SOURCE_DIR}/tests/cli/promote.sh)
