// bench.mjs — round-trip latency of tools/call get_experiment through the
// official SDK client: steward mcp (each call a `status --json` run on
// `steward serve`) against a trivial SDK reference server returning the
// same record (reference.mjs), in the same run. Prints one line per
// figure: what, ours, baseline, ratio.
// Usage: node bench.mjs SDK_NODE_MODULES N STEWARD_BIN TOKEN_FILE ID
import { performance } from "node:perf_hooks";
import { execFileSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { dirname } from "node:path";

const [sdk, n, steward, tokenFile, id] = process.argv.slice(2);
const { Client } = await import(`${sdk}/@modelcontextprotocol/sdk/dist/esm/client/index.js`);
const { StdioClientTransport } = await import(`${sdk}/@modelcontextprotocol/sdk/dist/esm/client/stdio.js`);

async function session(command, args) {
  const client = new Client({ name: "bench", version: "1" });
  await client.connect(new StdioClientTransport({ command, args,
    env: process.env, stderr: "ignore" }));
  await client.listTools();
  return client;
}

async function timings(client, calls) {
  const t = [];
  for (let i = 0; i < calls; i++) {
    const t0 = performance.now();
    const r = await client.callTool({ name: "get_experiment",
                                      arguments: { id: Number(id) } });
    t.push(performance.now() - t0);
    if (r.isError) throw new Error(JSON.stringify(r.content));
  }
  t.sort((a, b) => a - b);
  return { median: t[t.length >> 1], p90: t[Math.floor(t.length * 0.9)], last: t };
}

const ours = await session(steward, ["mcp", "--token-file", tokenFile]);
const record = (await ours.callTool({ name: "get_experiment",
                                     arguments: { id: Number(id) } })).structuredContent;
const here = dirname(fileURLToPath(import.meta.url));
const ref = await session(process.execPath, [`${here}/reference.mjs`, sdk,
                                             JSON.stringify(record)]);
await timings(ours, 20); await timings(ref, 20);      // warm up
const a = await timings(ours, Number(n));
const b = await timings(ref, Number(n));
const f = (x) => x.toFixed(2);
console.log(`mcp get_experiment round trip, median ms (${n} calls, SDK client): ` +
  `${f(a.median)} vs reference SDK server ${f(b.median)}: +${f(a.median - b.median)} ms`);
console.log(`mcp get_experiment round trip, p90 ms: ${f(a.p90)} vs ${f(b.p90)}: ` +
  `+${f(a.p90 - b.p90)} ms`);
// What the server itself costs: the same command from the CLI.
const cli = [];
for (let i = 0; i < Math.min(Number(n), 100); i++) {
  const t0 = performance.now();
  execFileSync(steward, ["status", id, "--json"], { stdio: "ignore" });
  cli.push(performance.now() - t0);
}
cli.sort((x, y) => x - y);
console.log(`the same record by the CLI through steward serve, median ms ` +
  `(${cli.length} calls): ${f(cli[cli.length >> 1])}`);
await ours.close(); await ref.close();
