steward_module(mcp steward_client steward_core PkgConfig::JANSSON)
steward_script_test(mcp_stdio ${CMAKE_SOURCE_DIR}/tests/mcp/stdio.py)
steward_script_test(mcp_sdk ${CMAKE_SOURCE_DIR}/tests/mcp/sdk.sh)
