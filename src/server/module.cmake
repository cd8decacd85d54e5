pkg_check_modules(MHD REQUIRED IMPORTED_TARGET libmicrohttpd)
steward_module(server steward_dispatch steward_api steward_core PkgConfig::MHD PkgConfig::JANSSON PkgConfig::SODIUM Threads::Threads)
steward_script_test(server_dedicated ${CMAKE_SOURCE_DIR}/tests/server/dedicated.sh)
steward_script_test(server_serve ${CMAKE_SOURCE_DIR}/tests/server/serve.sh)
steward_script_test(server_reads ${CMAKE_SOURCE_DIR}/tests/server/reads.sh)
steward_script_test(server_tcp ${CMAKE_SOURCE_DIR}/tests/server/tcp.sh)
steward_script_test(server_api ${CMAKE_SOURCE_DIR}/tests/server/api.py)
# The web bench's baseline (bench/web/): a bare libmicrohttpd handler.
add_executable(bench-web-hello ${CMAKE_SOURCE_DIR}/bench/web/hello.c)
target_link_libraries(bench-web-hello PRIVATE steward_server)
# The web page's script and stylesheet, compiled in as C strings.
set(web_assets_c ${CMAKE_BINARY_DIR}/web_assets.c)
add_custom_command(OUTPUT ${web_assets_c}
  COMMAND ${CMAKE_COMMAND} -DOUT=${web_assets_c}
          -DJS=${CMAKE_SOURCE_DIR}/web/static/app.js
          -DCSS=${CMAKE_SOURCE_DIR}/web/static/app.css
          -P ${CMAKE_SOURCE_DIR}/web/embed.cmake
  DEPENDS ${CMAKE_SOURCE_DIR}/web/static/app.js
          ${CMAKE_SOURCE_DIR}/web/static/app.css
          ${CMAKE_SOURCE_DIR}/web/embed.cmake)
target_sources(steward_server PRIVATE ${web_assets_c})
steward_script_test(browser_web ${CMAKE_SOURCE_DIR}/tests/browser/web.sh)
steward_script_test(server_tls ${CMAKE_SOURCE_DIR}/tests/server/tls.sh)
