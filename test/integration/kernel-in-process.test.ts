import pino from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { FlowGraph } from "@/lib/flow/graph";
import { makeEdge as edge, makeGraph as graph, makeNode as node } from "@/lib/flow/graph-builder";
import * as kernel from "@/server/engine/kernel";
import { RunAborts } from "@/server/engine/run-aborts";
import type { ExecuteNodeJob, NodeQueue, WaitpointJob } from "@/server/queue";
import { parseKeyRing } from "@/server/security/secret-box";
import { createTestApp, type TestApp } from "./support/app";
import { TEST_CREDENTIALS_KEYS } from "./support/services";

// The kernel driven in this process, with no worker and no BullMQ: a recording queue shows every
// effect a committed change asks for, and the test executes the jobs itself, one at a time.
let app: TestApp;
let user: Awaited<ReturnType<TestApp["newUser"]>>;
beforeAll(async () => {
  app = await createTestApp({ worker: false });
  user = await app.newUser("InProcess");
});
afterAll(async () => {
  await app?.close();
});

interface Recorded {
  jobs: ExecuteNodeJob[];
  wakes: { job: WaitpointJob; delayMs: number }[];
  removed: string[];
  published: Map<string, number>;
  cancels: { runId: string; nodeIds?: readonly string[] }[];
}

function engine() {
  const seen: Recorded = { jobs: [], wakes: [], removed: [], published: new Map(), cancels: [] };
  const queue: NodeQueue = {
    enqueue: async (jobs) => void seen.jobs.push(...jobs),
    ensure: async () => "exists",
    scheduleWake: async (job, delayMs) => void seen.wakes.push({ job, delayMs }),
    remove: async (ids) => void seen.removed.push(...ids),
    close: async () => undefined,
  };
  const unused = () => {
    throw new Error("not used by these flows");
  };
  const deps: kernel.EngineDeps = {
    pool: app.pool,
    queue,
    publish: async (runId, seq) => void seen.published.set(runId, Math.max(seq, seen.published.get(runId) ?? 0)),
    publishCancel: async (runId, nodeIds) => void seen.cancels.push({ runId, nodeIds }),
    keyRing: parseKeyRing(TEST_CREDENTIALS_KEYS),
    health: { gateWaitMs: unused, noteRateLimit: unused, check: unused, recordSuccess: unused, recordFailure: unused },
    aborts: new RunAborts(),
    log: pino({ level: "silent" }),
  };
  /** Executes every job the kernel asked for, until none is left. */
  const drain = async () => {
    for (let job = seen.jobs.shift(); job; job = seen.jobs.shift()) expect(await kernel.executeNode(deps, job, new AbortController().signal)).toBe("done");
  };
  return { deps, seen, drain };
}

const sim = { latencyMs: 0, failWith: "", failFirst: 0, failKind: "rate_limit" as const, failureRate: 0 };

async function flowOf(g: FlowGraph) {
  const flow = await user.caller.flow.create({ workspaceId: user.workspaceId, name: "k" });
  await user.caller.flow.save({ flowId: flow.id, graph: g });
  return flow.id;
}

async function start(deps: kernel.EngineDeps, flowId: string, inputs: Record<string, string> = {}, budgetNanoUsd: bigint | null = null) {
  const { runId } = await kernel.startRun(deps, {
    workspaceId: user.workspaceId,
    flowId,
    inputs,
    budgetNanoUsd,
    deadlineAt: null,
    actor: { type: "user", id: user.id, userId: user.id },
    trigger: "manual",
  });
  return runId;
}

const runOf = (runId: string) => app.db.run.findUniqueOrThrow({ where: { id: runId } });
const nodeOf = (runId: string, nodeId: string) => app.db.nodeRun.findFirstOrThrow({ where: { runId, nodeId } });

describe("the run kernel without a worker process", () => {
  it("a start runs cheap first nodes in its own transaction and asks for one job per model node; settling finishes the run", async () => {
    const { deps, seen, drain } = engine();
    const flowId = await flowOf(graph([node("input_1", "input", { fields: [] }), node("agent_1", "agent", { userPrompt: "hi", simulator: sim }), node("out", "output")], [edge("input_1", "agent_1"), edge("agent_1", "out")]));
    const runId = await start(deps, flowId);
    expect((await nodeOf(runId, "input_1")).status).toBe("succeeded");
    expect(seen.jobs).toEqual([{ runId, nodeId: "agent_1", iteration: 0, workspaceId: user.workspaceId }]);
    expect(seen.published.get(runId)).toBeGreaterThan(0);
    await drain();
    expect((await runOf(runId)).status).toBe("succeeded");
    expect((await nodeOf(runId, "out")).status).toBe("succeeded");
    // The last event published is the last event written.
    expect(seen.published.get(runId)).toBe((await runOf(runId)).lastSeq);
  });

  it("a failure ends the run, aborts its running nodes everywhere and drops its queued jobs", async () => {
    const { deps, seen } = engine();
    const flowId = await flowOf(
      graph(
        [
          node("input_1", "input", { fields: [] }),
          node("boom", "agent", { userPrompt: "x", simulator: { ...sim, failWith: "down" } }),
          node("busy", "agent", { userPrompt: "y", simulator: sim }),
          node("later", "agent", { userPrompt: "z", simulator: sim }),
        ],
        [edge("input_1", "boom"), edge("input_1", "busy"), edge("input_1", "later")],
      ),
    );
    const runId = await start(deps, flowId);
    // As if another worker were running "busy" right now; "later" still waits in the queue.
    await app.db.nodeRun.updateMany({ where: { runId, nodeId: "busy" }, data: { status: "running" } });
    await kernel.executeNode(deps, seen.jobs.find((j) => j.nodeId === "boom")!, new AbortController().signal);
    expect((await runOf(runId)).status).toBe("failed");
    expect(seen.cancels).toContainEqual({ runId, nodeIds: undefined });
    expect(seen.removed.some((id) => id.includes(".later"))).toBe(true);
    expect((await nodeOf(runId, "busy")).status).toBe("cancelled");
    expect((await nodeOf(runId, "later")).status).toBe("cancelled");
  });

  it("a time waitpoint asks for a wake-up, is rescheduled when woken early, and completes when due", async () => {
    const { deps, seen } = engine();
    const flowId = await flowOf(graph([node("input_1", "input", { fields: [] }), node("wait", "delay", { ms: 60_000 }), node("out", "output")], [edge("input_1", "wait"), edge("wait", "out")]));
    const runId = await start(deps, flowId);
    await kernel.executeNode(deps, seen.jobs.shift()!, new AbortController().signal);
    expect(seen.wakes).toHaveLength(1);
    expect(seen.wakes[0]!.delayMs).toBeGreaterThan(50_000);
    await kernel.wake(deps, seen.wakes[0]!.job);
    expect(seen.wakes).toHaveLength(2);
    expect((await nodeOf(runId, "wait")).status).toBe("waiting");
    await app.db.nodeRun.updateMany({ where: { runId, nodeId: "wait" }, data: { resumeAt: new Date(Date.now() - 1_000) } });
    await kernel.wake(deps, seen.wakes[1]!.job);
    expect((await runOf(runId)).status).toBe("succeeded");
  });

  it("a person waitpoint is completed once; a second decision is refused", async () => {
    const { deps, drain } = engine();
    const flowId = await flowOf(graph([node("input_1", "input", { fields: [] }), node("gate", "approval", { message: "ok?" }), node("out", "output")], [edge("input_1", "gate"), edge("gate", "out", "approved")]));
    const runId = await start(deps, flowId);
    await drain();
    expect((await runOf(runId)).status).toBe("waiting");
    expect(await kernel.decide(deps, { runId, nodeId: "gate", decision: "approved", by: "Kay", comment: "" })).toBe("decided");
    expect((await runOf(runId)).status).toBe("succeeded");
    expect(await kernel.decide(deps, { runId, nodeId: "gate", decision: "rejected", by: "Kay", comment: "" })).toBe("not_waiting");
    expect(await kernel.decide(deps, { runId, nodeId: "nope", decision: "approved", by: "Kay", comment: "" })).toBe("not_found");
  });

  it("a child run that finishes inside its parent's park wakes the parent in the same effects", async () => {
    const { deps, seen, drain } = engine();
    const child = await flowOf(graph([node("input_1", "input", { fields: [] }), node("t", "prompt_template", { template: "from the child" }), node("res", "output")], [edge("input_1", "t"), edge("t", "res")]));
    const parentFlow = await flowOf(graph([node("input_1", "input", { fields: [] }), node("sub", "subflow", { flowId: child, inputs: [] }), node("out", "output")], [edge("input_1", "sub"), edge("sub", "out")]));
    const runId = await start(deps, parentFlow);
    await drain();
    const childRun = await app.db.run.findFirstOrThrow({ where: { parentRunId: runId } });
    expect(childRun).toMatchObject({ status: "succeeded", actorType: "system", actorId: runId });
    expect((await runOf(runId)).status).toBe("succeeded");
    expect(seen.published.get(childRun.id)).toBe(childRun.lastSeq);
  });

  it("cancelling a parent stops its children and tells every worker", async () => {
    const { deps, seen, drain } = engine();
    const child = await flowOf(graph([node("input_1", "input", { fields: [] }), node("gate", "approval", { message: "wait" }), node("res", "output")], [edge("input_1", "gate"), edge("gate", "res", "approved")]));
    const parentFlow = await flowOf(graph([node("input_1", "input", { fields: [] }), node("sub", "subflow", { flowId: child, inputs: [] }), node("out", "output")], [edge("input_1", "sub"), edge("sub", "out")]));
    const runId = await start(deps, parentFlow);
    await drain();
    const childRun = await app.db.run.findFirstOrThrow({ where: { parentRunId: runId } });
    expect(childRun.status).toBe("waiting");
    expect(await kernel.cancelRun(deps, runId)).toBe(true);
    expect((await runOf(childRun.id)).status).toBe("cancelled");
    expect(seen.cancels.map((c) => c.runId)).toEqual(expect.arrayContaining([runId, childRun.id]));
    expect(await kernel.cancelRun(deps, runId)).toBe(false);
  });

  it("a child's budget is what its parent has left, and its spend counts against the parent", async () => {
    const { deps, drain } = engine();
    const child = await flowOf(graph([node("agent_1", "agent", { userPrompt: "spend", simulator: sim }), node("res", "output")], [edge("agent_1", "res")]));
    const parentFlow = await flowOf(graph([node("input_1", "input", { fields: [] }), node("sub", "subflow", { flowId: child, inputs: [] }), node("out", "output")], [edge("input_1", "sub"), edge("sub", "out")]));
    const runId = await start(deps, parentFlow, {}, 1_000_000_000n);
    await drain();
    const parent = await runOf(runId);
    const childRun = await app.db.run.findFirstOrThrow({ where: { parentRunId: runId } });
    expect(parent.status).toBe("succeeded");
    expect(childRun.budgetNanoUsd).toBe(1_000_000_000n);
    expect(parent.costNanoUsd).toBe(childRun.costNanoUsd);
    expect(parent.costNanoUsd > 0n).toBe(true);
    expect(parent.reservedNanoUsd).toBe(0n);
  });
});
