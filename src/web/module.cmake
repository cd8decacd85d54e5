steward_module(web steward_api steward_core PkgConfig::JANSSON m)
