// Engine benchmark (not a test): real Postgres, Redis and a worker process, Simulator at zero latency.
// Prints one JSON line last:
// {"node_overhead_ms_p50":x,"node_overhead_ms_p99":x,"runs_per_s_5node":x,"run_ms_p99_5node":x,
//  "loaded_node_overhead_ms_p50":x,"loaded_node_overhead_ms_p99":x,
//  "concurrent_runs":N,"concurrent_loop_lag_ms_p99":x,"worker_rss_mb":x}
// node_overhead: commit → successor start with one run at a time (the engine's own cost);
// loaded_*: the same while sustaining throughput (includes queueing behind other runs).
//   npm run bench:engine -- --seconds 60 --concurrent 10000
import { parseArgs } from "node:util";
import { makeEdge as edge, makeGraph as graph, makeNode as node } from "../lib/flow/graph-builder";
import type { FlowGraph } from "../lib/flow/graph";
import { createDb, type Db } from "../server/db";
import { createNodeQueue, type NodeQueue } from "../server/queue";
import { createRunPublisher } from "../server/realtime/publisher";
import { createFlow, saveFlowVersion } from "../server/services/flows";
import { startRun } from "../server/services/runs";
import { createEnginePool } from "../server/engine/kernel";
import { signUp } from "../server/services/users";
import { createTestDatabase, startWorker, TEST_REDIS_URL, uniqueName, type WorkerProcess } from "../test/integration/support/services";

const { values } = parseArgs({
  options: {
    seconds: { type: "string", default: "60" },
    "in-flight": { type: "string", default: "64" },
    concurrency: { type: "string", default: "64" },
    concurrent: { type: "string", default: "10000" },
    "slow-ms": { type: "string", default: "2000" },
  },
});
const SECONDS = Number(values.seconds);
const IN_FLIGHT = Number(values["in-flight"]);
const CONCURRENT = Number(values.concurrent);
const SLOW_MS = Number(values["slow-ms"]);
const log = (msg: string) => console.error(`[bench] ${msg}`);
const pct = (sorted: number[], p: number) => (sorted.length ? (sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] as number) : 0);
const round = (n: number) => Number(n.toFixed(2));

const database = await createTestDatabase();
const prefix = uniqueName("orchestra_bench");
const db = createDb(database.url);
const queue = createNodeQueue(TEST_REDIS_URL, prefix);
const publisher = createRunPublisher(TEST_REDIS_URL, prefix);
const enginePool = createEnginePool(database.url, 10);
const user = await signUp(db, { name: "Bench", email: "bench@example.test", password: "benchmarking all day" });

async function saved(g: FlowGraph): Promise<string> {
  const flow = await createFlow(db, user.id, user.workspaceId, "bench");
  await saveFlowVersion(db, user.id, flow.id, g);
  return flow.id;
}

function metricsOf(worker: WorkerProcess): { loopDelayP99Ms: number; rssMb: number; activeNodes: number }[] {
  return worker
    .output()
    .split("\n")
    .filter((l) => l.includes('"msg":"worker metrics"'))
    .map((l) => JSON.parse(l) as { loopDelayP99Ms: number; rssMb: number; activeNodes: number });
}

// ---- Phase 1: sustained throughput and per-node overhead, 5-node chain, zero latency.
const zero = { latencyMs: 0, failWith: "", failFirst: 0, failKind: "rate_limit" as const, failureRate: 0, outputTokens: 20 };
const chainFlow = await saved(
  graph(
    [
      node("input_1", "input", { fields: [{ name: "topic", label: "", required: true, defaultValue: "" }] }),
      node("agent_1", "agent", { userPrompt: "About {{input.topic}}", simulator: zero }),
      node("prompt", "prompt_template", { template: "Refine: {{agent_1.output}}" }),
      node("agent_2", "agent", { userPrompt: "{{prompt.output}}", simulator: zero }),
      node("out", "output"),
    ],
    [edge("input_1", "agent_1"), edge("agent_1", "prompt"), edge("prompt", "agent_2"), edge("agent_2", "out")],
  ),
);

let worker = await startWorker({
  DATABASE_URL: database.url,
  REDIS_URL: TEST_REDIS_URL,
  QUEUE_PREFIX: prefix,
  WORKER_CONCURRENCY: values.concurrency as string,
  WORKER_METRICS_INTERVAL_MS: "1000",
  LOG_LEVEL: "info",
});

async function throughputPhase(q: NodeQueue, dbc: Db, seconds: number, inFlightCap: number) {
  const deps = { db: dbc, pool: enginePool, queue: q, publish: publisher.publish, publishCancel: publisher.publishCancel };
  const started: string[] = [];
  const t0 = Date.now();
  const end = t0 + seconds * 1000;
  let inFlight = 0;
  const launch = async (i: number) => {
    inFlight++;
    try {
      started.push((await startRun(deps, user.id, { flowId: chainFlow, inputs: { topic: `t${i}` } })).runId);
    } finally {
      inFlight--;
    }
  };
  // Keep IN_FLIGHT runs unfinished at all times: start more as others complete.
  let i = 0;
  while (Date.now() < end) {
    const unfinished = started.length - (await dbc.run.count({ where: { flowId: chainFlow, status: "succeeded", createdAt: { gte: new Date(t0) } } }));
    const room = inFlightCap - unfinished - inFlight;
    const batch: Promise<void>[] = [];
    for (let k = 0; k < room; k++) batch.push(launch(i++));
    await Promise.all(batch);
    if (room <= 0) await new Promise((r) => setTimeout(r, 5));
  }
  const window = (Date.now() - t0) / 1000;
  while ((await dbc.run.count({ where: { flowId: chainFlow, status: { in: ["queued", "running"] } } })) > 0) await new Promise((r) => setTimeout(r, 100));
  return { started, window };
}

/** Commit-to-start gaps over every edge of the chain, for runs created after `sinceMs`. */
async function handoffs(sinceMs: number): Promise<number[]> {
  const rows = await db.nodeRun.findMany({
    where: { run: { flowId: chainFlow, createdAt: { gte: new Date(sinceMs) } } },
    select: { runId: true, nodeId: true, startedAt: true, finishedAt: true },
  });
  const byRun = new Map<string, Map<string, { startedAt: Date | null; finishedAt: Date | null }>>();
  for (const n of rows) {
    if (!byRun.has(n.runId)) byRun.set(n.runId, new Map());
    byRun.get(n.runId)!.set(n.nodeId, n);
  }
  const chain = ["input_1", "agent_1", "prompt", "agent_2", "out"];
  const gaps: number[] = [];
  for (const nodes of byRun.values()) {
    for (let k = 1; k < chain.length; k++) {
      const prev = nodes.get(chain[k - 1]!)?.finishedAt;
      const next = nodes.get(chain[k]!)?.startedAt;
      if (prev && next) gaps.push(next.getTime() - prev.getTime());
    }
  }
  return gaps.sort((a, b) => a - b);
}

// Phase 0: the engine's own handoff cost, one run at a time (no queueing behind other work).
log("phase 0: 10 s of 5-node runs one at a time");
const light0 = Date.now();
await throughputPhase(queue, db, 10, 1);
const overheads = await handoffs(light0);

log(`phase 1: ${SECONDS} s of 5-node runs, ${IN_FLIGHT} in flight, worker concurrency ${values.concurrency}`);
const phase1Start = Date.now();
const { started, window } = await throughputPhase(queue, db, SECONDS, IN_FLIGHT);
const loadedOverheads = await handoffs(phase1Start);
const finishedInWindow = await db.run.findMany({
  where: { flowId: chainFlow, status: "succeeded", createdAt: { gte: new Date(phase1Start) } },
  select: { id: true, createdAt: true, finishedAt: true },
});
const t0 = Math.min(...finishedInWindow.map((r) => r.createdAt.getTime()));
const completedInWindow = finishedInWindow.filter((r) => (r.finishedAt as Date).getTime() <= t0 + window * 1000).length;
const runsPerS = completedInWindow / window;
const runMs = finishedInWindow.map((r) => (r.finishedAt as Date).getTime() - r.createdAt.getTime()).sort((a, b) => a - b);

const phase1Metrics = metricsOf(worker);
log(`phase 0: ${overheads.length} handoffs; phase 1: ${started.length} runs started, ${completedInWindow} completed in ${window.toFixed(1)} s`);

// ---- Phase 2: many runs each waiting on a slow Simulator call at once.
await worker.stop();
worker = await startWorker({
  DATABASE_URL: database.url,
  REDIS_URL: TEST_REDIS_URL,
  QUEUE_PREFIX: prefix,
  WORKER_CONCURRENCY: String(CONCURRENT),
  WORKER_METRICS_INTERVAL_MS: "500",
  // How many runs one worker holds at once: one tenant, so all of the worker is its share.
  WORKSPACE_SLOT_SHARE: "1",
  LOG_LEVEL: "info",
});
const slowFlow = await saved(
  graph([node("agent_1", "agent", { userPrompt: "wait", simulator: { ...zero, latencyMs: SLOW_MS } }), node("out", "output")], [edge("agent_1", "out")]),
);
log(`phase 2: ${CONCURRENT} runs each waiting ${SLOW_MS} ms on the Simulator`);
const deps = { db, pool: enginePool, queue, publish: publisher.publish, publishCancel: publisher.publishCancel };
const p2start = Date.now();
for (let k = 0; k < CONCURRENT; k += 200) {
  await Promise.all(Array.from({ length: Math.min(200, CONCURRENT - k) }, (_, j) => startRun(deps, user.id, { flowId: slowFlow, inputs: {} }).then(() => j)));
}
log(`phase 2: started ${CONCURRENT} runs in ${((Date.now() - p2start) / 1000).toFixed(1)} s`);
while ((await db.run.count({ where: { flowId: slowFlow, status: { in: ["queued", "running"] } } })) > 0) await new Promise((r) => setTimeout(r, 250));
const p2Metrics = metricsOf(worker);
const peakActive = Math.max(0, ...p2Metrics.map((m) => m.activeNodes));
const lagDuringLoad = p2Metrics.filter((m) => m.activeNodes > 0).map((m) => m.loopDelayP99Ms).sort((a, b) => a - b);
const failed = await db.run.count({ where: { flowId: slowFlow, status: { not: "succeeded" } } });
log(`phase 2: peak ${peakActive} nodes waiting at once, ${failed} runs not succeeded, ${((Date.now() - p2start) / 1000).toFixed(1)} s`);

await worker.stop();
await queue.close();
await publisher.close();
await db.$disconnect();
await enginePool.end();
await database.drop();

console.log(
  JSON.stringify({
    node_overhead_ms_p50: round(pct(overheads, 50)),
    node_overhead_ms_p99: round(pct(overheads, 99)),
    runs_per_s_5node: round(runsPerS),
    run_ms_p99_5node: round(pct(runMs, 99)),
    loaded_node_overhead_ms_p50: round(pct(loadedOverheads, 50)),
    loaded_node_overhead_ms_p99: round(pct(loadedOverheads, 99)),
    concurrent_runs: peakActive,
    concurrent_loop_lag_ms_p99: round(pct(lagDuringLoad, 99)),
    worker_rss_mb: Math.max(...phase1Metrics.map((m) => m.rssMb), ...p2Metrics.map((m) => m.rssMb)),
  }),
);
process.exit(0);
