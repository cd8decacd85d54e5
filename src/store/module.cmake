steward_module(store steward_core PkgConfig::SQLITE3 PkgConfig::JANSSON)
