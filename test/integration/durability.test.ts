import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { makeEdge as edge, makeGraph as graph, makeNode as node } from "@/lib/flow/graph-builder";
import type { NodeQueue } from "@/server/queue";
import { startRun } from "@/server/services/runs";
import { createTestApp, type TestApp } from "./support/app";
import { startWorker, TEST_REDIS_URL, type WorkerProcess } from "./support/services";

let app: TestApp;
let user: Awaited<ReturnType<TestApp["newUser"]>>;
const extraWorkers: WorkerProcess[] = [];
beforeAll(async () => {
  app = await createTestApp({ worker: true });
  user = await app.newUser("Dur");
});
afterAll(async () => {
  for (const w of extraWorkers) await w.stop();
  await app?.close();
});

const sim = { latencyMs: 20, failWith: "", failFirst: 0, failKind: "rate_limit" as const, failureRate: 0 };

async function saveFlow(g: ReturnType<typeof graph>) {
  const flow = await user.caller.flow.create({ workspaceId: user.workspaceId, name: "durable" });
  await user.caller.flow.save({ flowId: flow.id, graph: g });
  return flow.id;
}

describe("durability", () => {
  it("a run committed but never enqueued (the web process died in between) is picked up by the sweeper", async () => {
    const flowId = await saveFlow(graph([node("agent_1", "agent", { userPrompt: "hi", simulator: sim }), node("out", "output")], [edge("agent_1", "out")]));
    // Stands in for a crash between the commit and the enqueue: the queue call never happens.
    const lostQueue: NodeQueue = { enqueue: async () => undefined, ensure: async () => "exists", scheduleWake: async () => undefined, remove: async () => undefined, close: async () => undefined };
    const { runId } = await startRun({ db: app.db, pool: app.pool, queue: lostQueue, publish: async () => undefined, publishCancel: async () => undefined }, user.id, { flowId, inputs: {} });
    expect((await app.db.nodeRun.findFirstOrThrow({ where: { runId } })).status).toBe("queued");
    expect(await app.waitForRun(runId, 15_000)).toBe("succeeded");
    expect(app.worker?.output()).toContain('"msg":"sweeper recovered work"');
  });

  it("a worker killed mid-node: another worker resumes the node within seconds; committed nodes never run again", async () => {
    const g = graph(
      [node("input_1", "input", { fields: [] }), node("slow", "agent", { userPrompt: "x", simulator: { ...sim, latencyMs: 1_500 } }), node("out", "output")],
      [edge("input_1", "slow"), edge("slow", "out")],
    );
    const flowId = await saveFlow(g);
    const { runId } = await user.caller.run.start({ flowId });
    const deadline = Date.now() + 10_000;
    while ((await app.db.nodeRun.findFirst({ where: { runId, nodeId: "slow" } }))?.status !== "running" && Date.now() < deadline) await new Promise((r) => setTimeout(r, 10));

    app.worker?.child.kill("SIGKILL");
    extraWorkers.push(await startWorker({ DATABASE_URL: app.database.url, REDIS_URL: TEST_REDIS_URL, QUEUE_PREFIX: app.prefix }));

    expect(await app.waitForRun(runId, 20_000)).toBe("succeeded");
    const slow = await app.db.nodeRun.findFirstOrThrow({ where: { runId, nodeId: "slow" } });
    expect(slow.attempt).toBe(2);
    const starts = await app.db.runEvent.groupBy({ by: ["nodeId"], where: { runId, type: "node.started" }, _count: true });
    expect(Object.fromEntries(starts.map((s) => [s.nodeId, s._count]))).toEqual({ input_1: 1, slow: 2, out: 1 });
  });
});
