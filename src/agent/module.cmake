steward_module(agent steward_client steward_sandbox steward_core PkgConfig::JANSSON)
steward_script_test(agent_attempts ${CMAKE_SOURCE_DIR}/tests/agent/attempts.sh)
steward_script_test(agent_tty ${CMAKE_SOURCE_DIR}/tests/agent/tty.sh)
steward_script_test(agent_root ${CMAKE_SOURCE_DIR}/tests/agent/root.sh)
