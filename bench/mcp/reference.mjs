// reference.mjs — the baseline of bench.mjs: a trivial MCP server written
// with the official SDK (McpServer over stdio), one get_experiment tool
// that returns a fixed record of the size steward's returns.
const sdk = process.argv[2];
const { McpServer } = await import(`${sdk}/@modelcontextprotocol/sdk/dist/esm/server/mcp.js`);
const { StdioServerTransport } = await import(`${sdk}/@modelcontextprotocol/sdk/dist/esm/server/stdio.js`);
const { z } = await import(`${sdk}/zod/index.js`);

const record = JSON.parse(process.argv[3]);
const server = new McpServer({ name: "reference", version: "1.0.0" });
server.registerTool("get_experiment", {
  description: "a fixed experiment record",
  inputSchema: { id: z.number().int() },
}, async () => ({
  content: [{ type: "text", text: JSON.stringify(record) }],
  structuredContent: record,
}));
await server.connect(new StdioServerTransport());
