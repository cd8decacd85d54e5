/* review — shared by cmd_approve and cmd_reject. */
#ifndef STEWARD_CLI_REVIEW_H
#define STEWARD_CLI_REVIEW_H

int cli_review(int argc, char **argv, int approve, const char *usage);

#endif
