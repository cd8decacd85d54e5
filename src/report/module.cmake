# Campaign reports and the attention page, Markdown + self-contained HTML.
steward_module(report steward_promote steward_campaign steward_api steward_core PkgConfig::JANSSON m)
steward_test(report steward_report)
steward_script_test(cli_report ${CMAKE_SOURCE_DIR}/tests/cli/report.sh)
steward_script_test(browser_report ${CMAKE_SOURCE_DIR}/tests/browser/report.sh)
