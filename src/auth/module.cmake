steward_module(auth steward_store steward_core PkgConfig::SODIUM PkgConfig::JANSSON)
