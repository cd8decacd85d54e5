pkg_check_modules(MHD REQUIRED IMPORTED_TARGET libmicrohttpd)
steward_module(server steward_dispatch steward_api steward_core PkgConfig::MHD PkgConfig::JANSSON Threads::Threads)
steward_script_test(server_dedicated ${CMAKE_SOURCE_DIR}/tests/server/dedicated.sh)
steward_script_test(server_serve ${CMAKE_SOURCE_DIR}/tests/server/serve.sh)
