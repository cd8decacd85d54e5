steward_module(capture steward_store steward_core PkgConfig::SQLITE3)
steward_test(capture steward_capture)
