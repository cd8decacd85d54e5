pkg_check_modules(MHD REQUIRED IMPORTED_TARGET libmicrohttpd)
steward_module(server steward_dispatch steward_api steward_core PkgConfig::MHD PkgConfig::JANSSON PkgConfig::SODIUM Threads::Threads)
steward_script_test(server_dedicated ${CMAKE_SOURCE_DIR}/tests/server/dedicated.sh)
steward_script_test(server_serve ${CMAKE_SOURCE_DIR}/tests/server/serve.sh)
steward_script_test(server_tcp ${CMAKE_SOURCE_DIR}/tests/server/tcp.sh)
steward_script_test(server_api ${CMAKE_SOURCE_DIR}/tests/server/api.py)
# The web bench's baseline (bench/web/): a bare libmicrohttpd handler.
add_executable(bench-web-hello ${CMAKE_SOURCE_DIR}/bench/web/hello.c)
target_link_libraries(bench-web-hello PRIVATE steward_server)
