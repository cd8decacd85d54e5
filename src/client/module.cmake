steward_module(client steward_core PkgConfig::JANSSON PkgConfig::SODIUM)
