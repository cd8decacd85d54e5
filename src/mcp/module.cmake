steward_module(mcp steward_client steward_core PkgConfig::JANSSON)
