steward_module(api steward_search steward_auth steward_policy steward_ledger steward_store steward_core PkgConfig::SODIUM PkgConfig::JANSSON)
