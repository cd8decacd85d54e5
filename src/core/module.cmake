steward_module(core PkgConfig::JANSSON PkgConfig::SODIUM m)
steward_test(core steward_core)
