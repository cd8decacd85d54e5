// sdk.mjs — steward mcp driven by the official MCP TypeScript SDK client
// (@modelcontextprotocol/sdk), started as a child over stdio the way an
// agent's host starts it. Run by sdk.sh, once inside `steward agent` and
// once with --token-file; argv: MODE COMMAND ARGS...
//
// Checks, as a model would live them: the handshake, tools listed with
// schemas that compile, a proposal inside policy approved and run, one
// outside policy refused as an isError result with reasons, waiting for a
// run (with progress), its digest and metrics, two runs compared, and
// every refused action an isError result, never a protocol failure.
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StdioClientTransport } from "@modelcontextprotocol/sdk/client/stdio.js";
import Ajv from "ajv";
import { execFileSync } from "node:child_process";

const [mode, command, ...args] = process.argv.slice(2);
let passed = 0, failed = 0;
function check(what, cond) {
  if (cond) { passed++; console.log(`ok - ${mode}: ${what}`); }
  else { failed++; console.log(`not ok - ${mode}: ${what}`); }
}

const transport = new StdioClientTransport({
  command, args, env: process.env, stderr: "inherit",
});
const client = new Client({ name: "steward-sdk-test", version: "1.0.0" });
await client.connect(transport);

const sc = (r) => r.structuredContent ?? {};
const text = (r) => (r.content ?? []).map((c) => c.text ?? "").join("\n");
const call = (name, a, opts) =>
  client.callTool({ name, arguments: a }, undefined, opts);

async function handshake() {
  check("the server names itself", client.getServerVersion()?.name === "steward");
  check("it declares tools", !!client.getServerCapabilities()?.tools);
  const { tools } = await client.listTools();
  const names = tools.map((t) => t.name);
  check("the tools a model needs are listed", ["propose_experiment",
    "propose_campaign", "get_experiment", "list_experiments",
    "wait_for_experiment", "get_digest", "get_metrics", "compare",
    "campaign_summary", "get_budget", "request_promotion"].every((n) =>
    names.includes(n)));
  check("no tool approves, rejects or rolls back a promotion",
    !names.some((n) => /approve|reject|rollback|deploy/.test(n)));
  const ajv = new Ajv({ strict: false });
  let compiled = 0;
  for (const t of tools) {
    try {
      ajv.compile(t.inputSchema); ajv.compile(t.outputSchema); compiled++;
    } catch (e) { console.log(`    ${t.name}: ${e.message}`); }
  }
  check("every input and output schema compiles", compiled === tools.length);
  check("every tool has a description for a model",
    tools.every((t) => (t.description ?? "").length > 80));
  check("annotations are set", tools.every((t) => t.annotations &&
    typeof t.annotations.readOnlyHint === "boolean"));
}

async function propose(name, extra = {}) {
  return call("propose_experiment", { name, command: ["./train",
    "--epochs", "4"], mem: "64M", time: "1m", ...extra });
}

async function waitFinal(id) {
  let r;
  for (let i = 0; i < 20; i++) {
    r = await call("wait_for_experiment", { id, timeout_s: 10 });
    if (r.isError || sc(r).final) break;
  }
  return r;
}

async function runs() {
  const a = await propose("base", { params: { lr: "0.05" },
    rationale: "baseline" });
  check("a proposal inside policy is approved",
    !a.isError && sc(a).decision?.verdict === "auto");
  const b = await call("propose_experiment", { name: "longer",
    command: ["./train", "--epochs", "6"], mem: "64M", time: "1m" });
  const wa = await waitFinal(sc(a).id);
  check("wait_for_experiment sees the run succeed",
    sc(wa).state === "succeeded" && sc(wa).final === true);
  const wb = await waitFinal(sc(b).id);
  check("and the second one", sc(wb).state === "succeeded");
  const d = await call("get_digest", { id: sc(a).id });
  check("its digest is small and structured", !d.isError &&
    sc(d).run?.state === "succeeded" && JSON.stringify(d).length < 65536);
  const m = await call("get_metrics", { id: sc(b).id, max_points: 3 });
  check("its metrics are downsampled", !m.isError &&
    sc(m).series?.val_acc?.values.length <= 3 && sc(m).series.val_acc.points === 6);
  const c = await call("compare", { a: sc(a).id, b: sc(b).id });
  check("two runs compare, with a verdict and flags", !c.isError &&
    typeof sc(c).verdict === "string" && Array.isArray(sc(c).flags));
  const l = await call("list_experiments", { limit: 1 });
  check("the list pages", sc(l).experiments?.length === 1 && !!sc(l).nextCursor);
  const g = await call("get_budget", {});
  check("budgets are visible", Array.isArray(sc(g).accounts));
  return sc(a).id;
}

async function refusals() {
  const net = await propose("net", { network: true });
  check("network outside policy: isError with the policy's reason",
    net.isError === true && /denied/.test(text(net)) && /network/.test(text(net)));
  const sudo = await call("propose_experiment", { name: "root",
    command: ["sh", "-c", "sudo true"], mem: "64M", time: "1m" });
  check("a forbidden command: isError with its rule",
    sudo.isError === true && /sudo/.test(text(sudo)));
  const bad = await call("propose_experiment", { name: "x", command: [] });
  check("bad arguments: isError naming the argument",
    bad.isError === true && /command/.test(text(bad)));
  const none = await call("get_digest", { id: 987654 });
  check("an unknown experiment: isError", none.isError === true);
  const camp = await call("campaign_summary", { name: "no-such" });
  check("an unknown campaign: isError", camp.isError === true);
  let protocol = "";
  try { await call("approve", { id: 1 }); } catch (e) { protocol = e.message; }
  check("there is no approve tool (a protocol error, -32602)",
    /Unknown tool/.test(protocol));
}

async function waiting() {
  const r = await propose("needs-human", { time: "3h" });
  check("a long run waits for review", sc(r).decision?.verdict === "review");
  let notes = 0;
  const w = await call("wait_for_experiment", { id: sc(r).id, timeout_s: 2 },
    { onprogress: () => { notes++; } });
  check("waiting on it times out with its state, unchanged",
    !w.isError && sc(w).state === "pending_review" && sc(w).changed === false);
  check("with progress notifications on the way", notes >= 1);
  const camp = await call("propose_campaign", { name: `c-${mode}`,
    objective: "maximize val_acc", max_runs: 3, cpus: 1, mem: "64M", time: "1m" });
  check("a campaign is proposed, for a human to approve",
    !camp.isError && sc(camp).state === "proposed");
  const s = await call("campaign_summary", { name: `c-${mode}` });
  check("and summarized", !s.isError && sc(s).name === `c-${mode}`);
}

// The demo's campaign, driven through MCP alone but for the one thing an
// agent may not do: a human approves the envelope (the CLI, as owner).
async function campaign(baseline) {
  const name = `sweep-${mode}`;
  const p = await call("propose_campaign", { name, objective:
    "maximize val_acc", max_runs: 4, cpus: 1, mem: "256M", time: "2m",
    command: "./train", param_ranges: { lr: "0.001:0.1" } });
  check("the agent proposes a campaign", !p.isError);
  execFileSync(process.env.STEWARD_BIN, ["campaign", "approve", name,
    "--reason", "cheap sweep"], { stdio: "ignore" });
  const ids = [];
  for (const lr of ["0.005", "0.02", "0.08"]) {
    const r = await call("propose_experiment", { name: `lr-${lr}`, campaign:
      name, params: { lr }, command: ["./train", "--epochs", "20"],
      cpus: 1, mem: "256M", time: "2m" });
    if (sc(r).decision?.verdict === "auto") ids.push(sc(r).id);
  }
  check("inside the approved envelope, proposals run without review",
    ids.length === 3);
  const out = await call("propose_experiment", { name: "lr-big", campaign:
    name, params: { lr: "5" }, command: ["./train"], mem: "256M", time: "3h" });
  check("outside it, a proposal waits for a human",
    sc(out).decision?.verdict === "review");
  for (const id of ids) await waitFinal(id);
  const s = await call("campaign_summary", { name });
  check("the summary lists the agent's trials, succeeded",
    !s.isError && sc(s).trials?.filter((t) => t.state === "succeeded" &&
      t.source === "agent").length === 3);
  const c = await call("compare", { a: baseline, b: `campaign:${name}` });
  check("the campaign compares against the baseline", !c.isError &&
    typeof sc(c).verdict === "string");
}

// request_promotion: the agent asks, the gates answer, humans decide.
async function promotion(run) {
  const out = execFileSync(process.env.STEWARD_BIN, ["candidate", "add",
    String(run), "model.txt", "--name", `model-${mode}`, "--json"]);
  const cand = JSON.parse(out.toString()).candidate;
  const r = await call("request_promotion", { candidate: cand,
    reason: "best val_acc so far" });
  check("request_promotion files a request", !r.isError &&
    Number.isInteger(sc(r).promotion) && sc(r).state === "waiting");
  check("and lists each gate with met and why", Array.isArray(sc(r).gates) &&
    sc(r).gates.some((g) => g.gate === "approvals" && g.met === false &&
      /human approval/.test(g.why)));
  const again = await call("request_promotion", { candidate: cand });
  check("a second request while one waits: isError saying so",
    again.isError === true && /already waiting/.test(text(again)));
  const none = await call("request_promotion", { candidate: 999999 });
  check("an unknown candidate: isError", none.isError === true &&
    /no candidate/.test(text(none)));
  const bad = await call("request_promotion", { candidate: "x" });
  check("a bad argument: isError", bad.isError === true);
}

try {
  await handshake();
  const baseline = await runs();
  await promotion(baseline);
  await campaign(baseline);
  await refusals();
  await waiting();
} catch (e) {
  check(`no exception (${e.message})`, false);
}
await client.close();
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
