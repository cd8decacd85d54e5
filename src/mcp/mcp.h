/*
 * mcp — `steward mcp`: the Model Context Protocol over stdio, for agents.
 *
 * An agent's MCP client starts `steward mcp` as a child and speaks
 * JSON-RPC 2.0 to it, one message per line. Every tool is a CLI command
 * run with --json on the project's server (client/, server/wire.h): the
 * MCP server is a client like the CLI, never a second way into the
 * database, and it can do nothing its principal could not do with the
 * CLI. No tool approves, promotes, changes policy or budgets, or lifts a
 * halt. docs/agents.md is the user's page.
 */
#ifndef STEWARD_MCP_MCP_H
#define STEWARD_MCP_MCP_H

/* Serves MCP on stdin/stdout until the client goes away. token_file (or
 * NULL) names a file holding an agent's token, used on the humans'
 * socket when not inside `steward agent`. Returns the exit status. */
int mcp_serve(const char *token_file);

#endif
