steward_module(campaign steward_api steward_search steward_store steward_core PkgConfig::JANSSON)
