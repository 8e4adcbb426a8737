import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { FlowGraph } from "@/lib/flow/graph";
import { makeEdge as edge, makeGraph as graph, makeNode as node } from "@/lib/flow/graph-builder";
import { createTestApp, type TestApp } from "./support/app";

// One worker slot: a node that waits must not hold it, or the other runs here could not finish.
let app: TestApp;
let user: Awaited<ReturnType<TestApp["newUser"]>>;
beforeAll(async () => {
  app = await createTestApp({ worker: true, workerEnv: { WORKER_CONCURRENCY: "1" } });
  user = await app.newUser("Kernel");
});
afterAll(async () => {
  await app?.close();
});

const sim = { latencyMs: 0, failWith: "", failFirst: 0, failKind: "rate_limit" as const, failureRate: 0 };

async function save(g: FlowGraph) {
  const flow = await user.caller.flow.create({ workspaceId: user.workspaceId, name: "k" });
  await user.caller.flow.save({ flowId: flow.id, graph: g });
  return flow.id;
}

async function until<T>(what: string, read: () => Promise<T | null | undefined>, timeoutMs = 15_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

const childOf = (parentRunId: string) => until("the child run", () => app.db.run.findFirst({ where: { parentRunId } }));
const waitingNode = (runId: string, nodeId: string) => until(`${nodeId} waiting`, () => app.db.nodeRun.findFirst({ where: { runId, nodeId, status: "waiting" } }));

function parentOf(childFlowId: string, extra: FlowGraph["nodes"] = [], extraEdges: FlowGraph["edges"] = []): FlowGraph {
  return graph(
    [node("input_1", "input", { fields: [] }), node("sub", "subflow", { flowId: childFlowId, inputs: [] }), node("out", "output", { value: "child: {{sub.output}}" }), ...extra],
    [edge("input_1", "sub"), edge("sub", "out"), ...extraEdges],
  );
}

const approvalChild = graph(
  [node("input_1", "input", { fields: [] }), node("gate", "approval", { message: "Go?" }), node("yes", "output", { value: "approved" })],
  [edge("input_1", "gate"), edge("gate", "yes", "approved")],
);

describe("run kernel: waitpoints, actors and child runs", () => {
  for (const decision of ["approved", "rejected"] as const) {
    it(`a child run that ends on an approval decision (${decision}) wakes its parent`, async () => {
      const parentId = await save(parentOf(await save(approvalChild)));
      const { runId } = await user.caller.run.start({ flowId: parentId });
      const child = await childOf(runId);
      await waitingNode(child.id, "gate");
      await user.caller.run.decide({ runId: child.id, nodeId: "gate", decision });
      expect(await app.waitForRun(child.id)).toBe("succeeded");
      expect(await app.waitForRun(runId)).toBe("succeeded");
      const decided = await app.db.runEvent.findFirstOrThrow({ where: { runId: child.id, type: "node.decided" } });
      expect(decided.payload).toMatchObject({ decision, by: "Kernel" });
    });
  }

  it("a child whose escalated failure is rejected fails its parent's node, and the decision names who made it", async () => {
    const failing = graph(
      [
        node("agent_1", "agent", {
          userPrompt: "x",
          simulator: { ...sim, failWith: "down" },
          execution: { timeoutMs: 10_000, onFailure: "escalate", retry: { attempts: 1, initialDelayMs: 10, maxDelayMs: 10, on: ["rate_limit"] } },
        }),
        node("o", "output"),
      ],
      [edge("agent_1", "o")],
    );
    const { runId } = await user.caller.run.start({ flowId: await save(parentOf(await save(failing))) });
    const child = await childOf(runId);
    await waitingNode(child.id, "agent_1");
    await user.caller.run.decide({ runId: child.id, nodeId: "agent_1", decision: "rejected", comment: "not today" });
    expect(await app.waitForRun(runId)).toBe("failed");
    const sub = await app.db.nodeRun.findFirstOrThrow({ where: { runId, nodeId: "sub" } });
    expect(sub.error).toContain("Sub-flow run failed");
    const decided = await app.db.runEvent.findFirstOrThrow({ where: { runId: child.id, type: "node.decided" } });
    expect(decided.payload).toMatchObject({ decision: "rejected", by: "Kernel", comment: "not today" });
  });

  it("an approved escalation records who approved it before the retry", async () => {
    const flaky = graph(
      [
        node("agent_1", "agent", {
          userPrompt: "x",
          simulator: { ...sim, failFirst: 1 },
          execution: { timeoutMs: 10_000, onFailure: "escalate", retry: { attempts: 1, initialDelayMs: 10, maxDelayMs: 10, on: ["rate_limit"] } },
        }),
        node("o", "output"),
      ],
      [edge("agent_1", "o")],
    );
    const { runId } = await user.caller.run.start({ flowId: await save(flaky) });
    await waitingNode(runId, "agent_1");
    await user.caller.run.decide({ runId, nodeId: "agent_1", decision: "approved" });
    expect(await app.waitForRun(runId)).toBe("succeeded");
    const events = await app.db.runEvent.findMany({ where: { runId, nodeId: "agent_1" }, orderBy: { seq: "asc" } });
    const types = events.map((e) => e.type);
    expect(types.indexOf("node.decided")).toBeGreaterThan(types.indexOf("node.waiting"));
    expect(types.lastIndexOf("node.started")).toBeGreaterThan(types.indexOf("node.decided"));
    expect(events.find((e) => e.type === "node.decided")?.payload).toMatchObject({ decision: "approved", by: "Kernel" });
  });

  it("a ten-minute Delay parks on a time waitpoint without a worker slot, and resumes when it is due", async () => {
    const g = graph(
      [node("input_1", "input", { fields: [{ name: "v", label: "", required: true, defaultValue: "" }] }), node("wait", "delay", { ms: 10 * 60_000 }), node("out", "output")],
      [edge("input_1", "wait"), edge("wait", "out")],
    );
    const { runId } = await user.caller.run.start({ flowId: await save(g), inputs: { v: "later" } });
    const parked = await waitingNode(runId, "wait");
    expect(parked.waitKind).toBe("time");
    expect(parked.resumeAt!.getTime() - Date.now()).toBeGreaterThan(5 * 60_000);
    expect((await app.db.run.findUniqueOrThrow({ where: { id: runId } })).status).toBe("waiting");

    // The worker's only slot is free: another run finishes while the Delay waits.
    const quick = await user.caller.run.start({ flowId: await save(graph([node("t", "prompt_template", { template: "hi" }), node("o", "output")], [edge("t", "o")])) });
    expect(await app.waitForRun(quick.runId)).toBe("succeeded");
    expect((await app.db.run.findUniqueOrThrow({ where: { id: runId } })).status).toBe("waiting");

    // The test's clock: the waitpoint becomes due (as if ten minutes had passed); the sweeper completes it.
    await app.db.nodeRun.update({ where: { id: parked.id }, data: { resumeAt: new Date(Date.now() - 60_000) } });
    expect(await app.waitForRun(runId, 20_000)).toBe("succeeded");
    expect((await user.caller.run.get({ runId })).outputs).toEqual({ out: { v: "later" } });
  });

  it("a child run is started by the system, inherits the remaining budget and the deadline, and rolls its cost into the parent", async () => {
    const spender = graph([node("input_1", "input", { fields: [] }), node("agent_1", "agent", { userPrompt: "spend", simulator: sim }), node("o", "output")], [
      edge("input_1", "agent_1"),
      edge("agent_1", "o"),
    ]);
    const parent = parentOf(await save(spender), [node("own", "agent", { userPrompt: "mine", simulator: sim })], [edge("input_1", "own")]);
    const { runId } = await user.caller.run.start({ flowId: await save(parent), budgetUsd: 5, timeoutSeconds: 600 });
    expect(await app.waitForRun(runId)).toBe("succeeded");
    const run = await app.db.run.findUniqueOrThrow({ where: { id: runId } });
    const child = await app.db.run.findFirstOrThrow({ where: { parentRunId: runId } });
    expect(run).toMatchObject({ actorType: "user", actorId: user.id, trigger: "manual" });
    expect(child).toMatchObject({ actorType: "system", actorId: runId, trigger: "subflow", startedById: user.id, status: "succeeded" });
    expect(child.deadlineAt?.getTime()).toBe(run.deadlineAt?.getTime());
    expect(child.budgetNanoUsd).not.toBeNull();
    expect(child.budgetNanoUsd! <= run.budgetNanoUsd!).toBe(true);
    const own = await app.db.nodeRun.findFirstOrThrow({ where: { runId, nodeId: "own" } });
    expect(child.costNanoUsd > 0n).toBe(true);
    expect(run.costNanoUsd).toBe(child.costNanoUsd + own.costNanoUsd);
    expect(run.tokensIn).toBe(child.tokensIn + own.tokensIn);
    expect(run.reservedNanoUsd).toBe(0n);
  });

  it("a child cannot spend past its parent's budget", async () => {
    const spender = graph([node("agent_1", "agent", { userPrompt: "spend", simulator: sim }), node("o", "output")], [edge("agent_1", "o")]);
    const { runId } = await user.caller.run.start({ flowId: await save(parentOf(await save(spender))), budgetUsd: 1e-7 });
    expect(await app.waitForRun(runId)).toBe("failed");
    const child = await app.db.run.findFirstOrThrow({ where: { parentRunId: runId } });
    expect(child.status).toBe("budget_exceeded");
    expect((await app.db.nodeRun.findFirstOrThrow({ where: { runId, nodeId: "sub" } })).error).toContain("Sub-flow run budget exceeded");
  });

  it("child runs are cancelled when their parent fails for another reason", async () => {
    const parent = parentOf(await save(approvalChild), [node("boom", "agent", { userPrompt: "x", simulator: { ...sim, latencyMs: 300, failWith: "down" } })], [edge("input_1", "boom")]);
    const { runId } = await user.caller.run.start({ flowId: await save(parent) });
    const child = await childOf(runId);
    expect(await app.waitForRun(runId)).toBe("failed");
    expect(await app.waitForRun(child.id)).toBe("cancelled");
    expect((await app.db.run.findUniqueOrThrow({ where: { id: child.id } })).error).toBe("The parent run ended");
  });

  it("a Map whose item fails cancels the items still running", async () => {
    const item = graph(
      [node("input_1", "input", { fields: [{ name: "item", label: "", required: true, defaultValue: "" }] }), node("gate", "approval", { message: "{{input.item}}" }), node("o", "output")],
      [edge("input_1", "gate"), edge("gate", "o", "approved")],
    );
    const mapFlow = graph(
      [node("input_1", "input", { fields: [] }), node("each", "map", { flowId: await save(item), items: "a\nb", itemInput: "item", concurrency: 2, maxItems: 10 }), node("o", "output")],
      [edge("input_1", "each"), edge("each", "o")],
    );
    const { runId } = await user.caller.run.start({ flowId: await save(mapFlow) });
    const items = await until("two item runs", async () => {
      const rows = await app.db.run.findMany({ where: { parentRunId: runId }, orderBy: { parentItemIndex: "asc" } });
      return rows.length === 2 ? rows : null;
    });
    await waitingNode(items[0]!.id, "gate");
    await user.caller.run.cancel({ runId: items[0]!.id });
    expect(await app.waitForRun(runId)).toBe("failed");
    expect(await app.waitForRun(items[1]!.id)).toBe("cancelled");
  });
});
