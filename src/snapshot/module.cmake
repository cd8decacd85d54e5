steward_module(snapshot steward_store steward_core PkgConfig::SODIUM PkgConfig::JANSSON Threads::Threads)
