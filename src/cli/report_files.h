/* report_files — where `steward report` puts what it wrote: files in the
 * caller's directory, written by the client, or a JSON bundle on stdout
 * (see cmd_report.c). */
#ifndef STEWARD_CLI_REPORT_FILES_H
#define STEWARD_CLI_REPORT_FILES_H

#include "report/report.h"

/* Writes dir/report.md and dir/report.html (dir NULL: report-CAMPAIGN, or
 * report-attention when campaign is NULL), creating dir. */
int report_write_files(const char *dir, const char *campaign,
                       const struct report_out *r, struct err *err) MUST_USE;
int report_print_bundle(const struct report_out *r, struct err *err) MUST_USE;
/* Asks the server at socket for the bundle of argv's report and writes it
 * here (or prints it, with bundle). Returns the exit status. */
int report_via_server(const char *socket, int argc, char **argv,
                      const char *dir, const char *campaign, int bundle);

#endif
