steward_module(client steward_snapshot steward_core PkgConfig::JANSSON PkgConfig::SODIUM)
