/*
 * web — the reviewer's pages, rendered as HTML in a request child.
 *
 * The server (src/server/page.c) runs `__page PAGE CSRF SEQ [ARG]` in a
 * request child as the session's person; the page gathers its data by
 * running the CLI's own JSON commands in-process (their output captured,
 * their role checks and SQL the CLI's), so the page has no path into the
 * state of its own, and prints one HTML document on stdout. Everything a
 * proposal, a log or a ledger entry holds was written by someone else
 * (often an agent) and is escaped.
 */
#ifndef STEWARD_WEB_WEB_H
#define STEWARD_WEB_WEB_H

#define WEB_PAGE_CMD "__page"

/* The exit status of a page whose subject (run, campaign) does not
 * exist: the server answers 404. */
#define WEB_PAGE_NOTFOUND 44

/* The `__page` command; run(argc, argv) runs one CLI command. */
int web_page(int argc, char **argv, int (*run)(int argc, char **argv));

#endif
