steward_module(ledger steward_store steward_core PkgConfig::SODIUM PkgConfig::JANSSON)
steward_test(ledger steward_ledger)
