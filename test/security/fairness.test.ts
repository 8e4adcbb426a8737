import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { makeEdge as edge, makeGraph as graph, makeNode as node } from "@/lib/flow/graph-builder";
import { createTestApp, type TestApp } from "../integration/support/app";

// Two slots on the only worker; each workspace may hold one of them.
let app: TestApp;
beforeAll(async () => {
  app = await createTestApp({ worker: true, workerEnv: { WORKER_CONCURRENCY: "2", WORKSPACE_SLOT_SHARE: "0.5" } });
});
afterAll(async () => {
  await app?.close();
});

const sim = { failWith: "", failFirst: 0, failKind: "rate_limit" as const, failureRate: 0 };

describe("fairness between tenants", () => {
  it("a workspace flooding the queue with slow nodes cannot take every worker slot from another", async () => {
    const flooder = await app.newUser("Flooder");
    const neighbour = await app.newUser("Neighbour");
    const slowFlow = await flooder.caller.flow.create({ workspaceId: flooder.workspaceId, name: "slow" });
    await flooder.caller.flow.save({
      flowId: slowFlow.id,
      graph: graph([node("agent_1", "agent", { userPrompt: "x", simulator: { ...sim, latencyMs: 30_000 } }), node("o", "output")], [edge("agent_1", "o")]),
    });
    const floods = await Promise.all([1, 2, 3, 4].map(() => flooder.caller.run.start({ flowId: slowFlow.id })));

    const quickFlow = await neighbour.caller.flow.create({ workspaceId: neighbour.workspaceId, name: "quick" });
    await neighbour.caller.flow.save({
      flowId: quickFlow.id,
      graph: graph([node("agent_1", "agent", { userPrompt: "x", simulator: { ...sim, latencyMs: 0 } }), node("o", "output")], [edge("agent_1", "o")]),
    });
    const quick = await neighbour.caller.run.start({ flowId: quickFlow.id });
    expect(await app.waitForRun(quick.runId, 20_000)).toBe("succeeded");

    // The flooder never held more than its share: at most one of its nodes runs at a time.
    const running = await app.db.nodeRun.count({ where: { runId: { in: floods.map((f) => f.runId) }, status: "running" } });
    expect(running).toBeLessThanOrEqual(1);
    for (const f of floods) await flooder.caller.run.cancel({ runId: f.runId });
  });
});
