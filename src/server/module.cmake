pkg_check_modules(MHD REQUIRED IMPORTED_TARGET libmicrohttpd)
steward_module(server steward_dispatch steward_api steward_core PkgConfig::MHD PkgConfig::JANSSON Threads::Threads)
