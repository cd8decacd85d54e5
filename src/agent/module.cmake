steward_module(agent steward_client steward_sandbox steward_core PkgConfig::JANSSON)
