// Crash test: N runs on 2 worker processes, SIGKILLing a worker at random moments and restarting
// it. Prints one JSON line last and exits non-zero if any run was lost, got stuck, duplicated an
// effect at the sink or re-executed a committed node.
//   npm run chaos:worker-kill -- --runs 200                       10-node flows (fan-out, join, chain)
//   npm run chaos:worker-kill -- --runs 100 --mode waitpoints     runs parked on a Delay, a Sub-flow,
//                                                                 a Map and an approval while workers die
import { spawnSync } from "node:child_process";
import { parseArgs } from "node:util";
import { makeEdge as edge, makeGraph as graph, makeNode as node } from "../lib/flow/graph-builder";
import { createDb } from "../server/db";
import { createNodeQueue } from "../server/queue";
import { createRunPublisher } from "../server/realtime/publisher";
import { createFlow, saveFlowVersion } from "../server/services/flows";
import { startRun } from "../server/services/runs";
import { decideApproval } from "../server/services/approvals";
import { createEnginePool } from "../server/engine/kernel";
import { signUp } from "../server/services/users";
import { startIdempotentSink } from "../test/support/idempotent-sink";
import { createTestDatabase, startWorker, TEST_REDIS_URL, uniqueName, type WorkerProcess } from "../test/integration/support/services";

const { values } = parseArgs({
  options: {
    runs: { type: "string", default: "200" },
    concurrency: { type: "string", default: "40" },
    "kill-every-ms": { type: "string", default: "800" },
    "grace-s": { type: "string", default: "90" },
    mode: { type: "string", default: "nodes" },
  },
});
const MODE = values.mode === "waitpoints" ? "waitpoints" : values.mode === "infra" ? "infra" : "nodes";
// Infra mode (started by scripts/chaos-infra.ts on servers of its own): no worker dies; Redis is
// killed and restarts empty, and Postgres restarts, while runs go on.
const RESTARTS = {
  redis: JSON.parse(process.env.CHAOS_RESTART_REDIS ?? "[]") as [string, string[]][],
  postgres: JSON.parse(process.env.CHAOS_RESTART_POSTGRES ?? "[]") as [string, string[]][],
};
if (MODE === "infra" && (RESTARTS.redis.length === 0 || RESTARTS.postgres.length === 0)) {
  console.error("--mode infra is started by `npm run chaos:infra` (it brings its own Postgres and Redis)");
  process.exit(2);
}
const RUNS = Number(values.runs);
const CONCURRENCY = Number(values.concurrency);
const KILL_EVERY_MS = Number(values["kill-every-ms"]);
const GRACE_MS = Number(values["grace-s"]) * 1000;
const log = (msg: string) => console.error(`[chaos] ${msg}`);

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] as number;
}

const database = await createTestDatabase();
const prefix = uniqueName("orchestra_chaos");
const sink = await startIdempotentSink();
const db = createDb(database.url);
const queue = createNodeQueue(TEST_REDIS_URL, prefix);
const publisher = createRunPublisher(TEST_REDIS_URL, prefix);
const enginePool = createEnginePool(database.url, 10);
const workerEnv = { DATABASE_URL: database.url, REDIS_URL: TEST_REDIS_URL, QUEUE_PREFIX: prefix, HTTP_ALLOWED_HOSTS: "127.0.0.1" };

const sim = { latencyMs: 120, failWith: "", failFirst: 0, failKind: "rate_limit" as const, failureRate: 0 };
const post = (id: string) =>
  node(id, "http_request", { method: "POST", url: `${sink.url}/effect?delay=80`, body: `{"subject": "{{input.tag}}/${id}"}` });
// 10 nodes: a fan-out of four side-effecting/slow nodes, a join, then a chain.
const flowGraph = graph(
  [
    node("input_1", "input", { fields: [{ name: "tag", label: "", required: true, defaultValue: "" }] }),
    post("http_1"),
    post("http_2"),
    node("agent_1", "agent", { userPrompt: "Plan {{input.tag}}", simulator: sim }),
    node("agent_2", "agent", { userPrompt: "Check {{input.tag}}", simulator: sim }),
    node("join", "merge", { join: "all" }),
    post("http_3"),
    node("prompt", "prompt_template", { template: "Summarise {{agent_1.output}}" }),
    node("agent_3", "agent", { userPrompt: "{{prompt.output}}", simulator: sim }),
    node("out", "output"),
  ],
  [
    edge("input_1", "http_1"),
    edge("input_1", "http_2"),
    edge("input_1", "agent_1"),
    edge("input_1", "agent_2"),
    edge("http_1", "join"),
    edge("http_2", "join"),
    edge("agent_1", "join"),
    edge("agent_2", "join"),
    edge("join", "http_3"),
    edge("http_3", "prompt"),
    edge("prompt", "agent_3"),
    edge("agent_3", "out"),
  ],
);

const user = await signUp(db, { name: "Chaos", email: "chaos@example.test", password: "chaos monkey business" });
async function saveNew(name: string, g: typeof flowGraph) {
  const created = await createFlow(db, user.id, user.workspaceId, name);
  await saveFlowVersion(db, user.id, created.id, g);
  return created;
}
// Waitpoints mode: a run parks on a time waitpoint, a child run, three Map item runs and a person
// (approved by this script as soon as it waits), then makes one effect.
async function waitpointsFlow() {
  const item = await saveNew(
    "item",
    graph(
      [node("input_1", "input", { fields: [{ name: "item", label: "", required: true, defaultValue: "" }] }), node("agent_1", "agent", { userPrompt: "{{input.item}}", simulator: sim }), node("out", "output")],
      [edge("input_1", "agent_1"), edge("agent_1", "out")],
    ),
  );
  return graph(
    [
      node("input_1", "input", { fields: [{ name: "tag", label: "", required: true, defaultValue: "" }] }),
      node("pause", "delay", { ms: 1_500 }),
      node("sub", "subflow", { flowId: item.id, inputs: [{ name: "item", value: "{{input.tag}}" }] }),
      node("each", "map", { flowId: item.id, items: "a\nb\nc", itemInput: "item", concurrency: 2, maxItems: 10 }),
      node("gate", "approval", { message: "Ship {{input.tag}}?" }),
      post("http_1"),
      node("out", "output"),
    ],
    [edge("input_1", "pause"), edge("pause", "sub"), edge("sub", "each"), edge("each", "gate"), edge("gate", "http_1", "approved"), edge("http_1", "out")],
  );
}
const flow = await saveNew("chaos", MODE === "waitpoints" ? await waitpointsFlow() : flowGraph);
const EFFECTS_PER_RUN = MODE === "waitpoints" ? 1 : 3;

const workers: (WorkerProcess | null)[] = await Promise.all([startWorker(workerEnv), startWorker(workerEnv)]);
const kills: number[] = [];
let stopKilling = false;
const outages: string[] = [];
const killer = (async () => {
  while (!stopKilling) {
    await new Promise((r) => setTimeout(r, (MODE === "infra" ? 4 : 1) * KILL_EVERY_MS * (0.5 + Math.random())));
    if (stopKilling) break;
    if (MODE === "infra") {
      const which = outages.length % 2 === 0 ? "redis" : "postgres";
      for (const [command, args] of RESTARTS[which]) spawnSync(command, args, { stdio: "ignore" });
      outages.push(which);
      kills.push(Date.now());
      log(`${which} restarted${which === "redis" ? " empty" : ""}`);
      continue;
    }
    const slot = Math.floor(Math.random() * workers.length);
    const victim = workers[slot];
    if (!victim) continue;
    workers[slot] = null;
    victim.child.kill("SIGKILL");
    kills.push(Date.now());
    workers[slot] = await startWorker(workerEnv);
  }
})();

const started = Date.now();
const runIds: string[] = [];
const deps = { db, pool: enginePool, queue, publish: publisher.publish, publishCancel: publisher.publishCancel };
// The person: approves every approval that waits.
let stopDeciding = false;
const decider = (async () => {
  while (!stopDeciding) {
    const waiting = await db.nodeRun.findMany({ where: { status: "waiting", waitKind: "person" }, select: { runId: true, nodeId: true } }).catch(() => []);
    for (const w of waiting) await decideApproval(deps, user.id, { ...w, decision: "approved", comment: "" }).catch(() => undefined);
    await new Promise((r) => setTimeout(r, 100));
  }
})();
/** Reads made while Postgres restarts are retried (infra mode). */
async function retrying<T>(read: () => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await read();
    } catch (error) {
      if (attempt >= 60) throw error;
      await new Promise((r) => setTimeout(r, 500));
    }
  }
}
/** A client retries a start that failed because the database or Redis was down for a moment. */
async function startWithRetries(i: number): Promise<string> {
  for (let attempt = 1; ; attempt++) {
    try {
      return (await startRun(deps, user.id, { flowId: flow.id, inputs: { tag: `run-${i}` } })).runId;
    } catch (error) {
      if (MODE !== "infra" || attempt >= 30) throw error;
      await new Promise((r) => setTimeout(r, 500));
    }
  }
}
for (let i = 0; i < RUNS; i++) {
  while (runIds.length - (await retrying(() => db.run.count({ where: { status: { in: ["succeeded", "failed", "cancelled", "budget_exceeded"] } } }))) >= CONCURRENCY) {
    await new Promise((r) => setTimeout(r, 50));
  }
  runIds.push(await startWithRetries(i));
}
log(`started ${RUNS} runs in ${((Date.now() - started) / 1000).toFixed(1)} s with ${kills.length} kills so far`);

// Workers keep dying while runs are in flight (parked ones too), until the last tenth drains.
const deadline = Date.now() + GRACE_MS;
const liveRuns = () => retrying(() => db.run.count({ where: { status: { in: ["queued", "running", "waiting"] } } }));
for (let live = await liveRuns(); Date.now() < deadline && live > 0; live = await liveRuns()) {
  if (live <= Math.max(1, RUNS / 10)) stopKilling = true;
  await new Promise((r) => setTimeout(r, 200));
}
stopKilling = true;
await killer;
while (Date.now() < deadline && (await liveRuns()) > 0) await new Promise((r) => setTimeout(r, 200));
const elapsed = (Date.now() - started) / 1000;
stopDeciding = true;
await decider;

const runs = await db.run.findMany({ select: { id: true, status: true } });
const finished = new Map(runs.map((r) => [r.id, r.status]));
const live = ["queued", "running", "waiting"];
const lost = runIds.filter((id) => !finished.has(id) || ![...live, "succeeded"].includes(finished.get(id) as string)).length;
// Child runs count too: none may be left behind.
const stuck = runs.filter((r) => live.includes(r.status)).length;
if (lost > 0) {
  const failed = await db.run.findMany({ where: { id: { in: runIds }, status: { notIn: ["succeeded"] } }, select: { status: true, error: true }, take: 5 });
  log(`runs that did not succeed: ${JSON.stringify(failed)}`);
}
for (const w of workers) {
  if (w && w.child.exitCode !== null) log(`a worker exited (code ${w.child.exitCode}):\n${w.output().split("\n").slice(-15).join("\n")}`);
}
if (stuck > 0) {
  const nodes = await db.nodeRun.findMany({ where: { run: { status: { in: ["queued", "running", "waiting"] } }, status: { in: ["queued", "running", "waiting"] } }, select: { nodeId: true, status: true, attempt: true, waitKind: true } });
  log(`stuck nodes: ${JSON.stringify(nodes.slice(0, 10))}`);
}
const duplicatedEffects = [...sink.effectsBySubject.values()].filter((n) => n > 1).length;
const missingEffects = RUNS * EFFECTS_PER_RUN - sink.effectsBySubject.size;

const events = await db.runEvent.findMany({
  where: { type: { in: ["node.started", "node.succeeded"] } },
  select: { runId: true, nodeId: true, type: true, createdAt: true, payload: true },
  orderBy: [{ runId: "asc" }, { seq: "asc" }],
});
const succeededNodes = new Set<string>();
let reexecuted = 0;
const resumes: number[] = [];
for (const e of events) {
  const key = `${e.runId}/${e.nodeId}`;
  if (e.type === "node.succeeded") succeededNodes.add(key);
  else if (succeededNodes.has(key)) reexecuted++;
  else if ((e.payload as { attempt: number }).attempt > 1) {
    // No node in this flow fails on its own, so a second start is a recovery from a killed worker.
    const t = e.createdAt.getTime();
    const kill = kills.filter((k) => k <= t).at(-1);
    if (kill !== undefined) resumes.push((t - kill) / 1000);
  }
}
resumes.sort((a, b) => a - b);

for (const w of workers) await w?.stop();
await queue.close();
await publisher.close();
await db.$disconnect();
await enginePool.end();
await sink.close();
await database.drop();

log(`${kills.length} kills, ${resumes.length} node resumptions, ${missingEffects} missing effects, ${elapsed.toFixed(1)} s`);
const result = {
  mode: MODE,
  ...(MODE === "infra" ? { redis_restarts: outages.filter((o) => o === "redis").length, postgres_restarts: outages.filter((o) => o === "postgres").length } : {}),
  runs: RUNS,
  lost,
  stuck,
  duplicated_effects: duplicatedEffects,
  reexecuted_committed_nodes: reexecuted,
  resume_s_p95: Number(percentile(resumes, 95).toFixed(2)),
  kills: kills.length,
  resumed_nodes: resumes.length,
  elapsed_s: Number(elapsed.toFixed(1)),
};
console.log(JSON.stringify(result));
process.exit(lost + stuck + duplicatedEffects + reexecuted + Math.max(0, missingEffects) === 0 ? 0 : 1);
