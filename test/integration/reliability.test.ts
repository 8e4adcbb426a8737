import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEFAULT_EXECUTION } from "@/lib/flow/execution-settings";
import type { FlowGraph } from "@/lib/flow/graph";
import { makeEdge as edge, makeGraph as graph, makeNode as node } from "@/lib/flow/graph-builder";
import { callCostNanoUsd, usdToNano } from "@/lib/models/cost";
import { findModel } from "@/lib/models/registry";
import { countTokens } from "@/lib/models/simulator";
import { createTestApp, type TestApp } from "./support/app";

let app: TestApp;
let user: Awaited<ReturnType<TestApp["newUser"]>>;
beforeAll(async () => {
  app = await createTestApp({ worker: true });
  user = await app.newUser("Rel");
});
afterAll(async () => {
  await app?.close();
});

const sim = { latencyMs: 20, failWith: "", failFirst: 0, failKind: "rate_limit" as const, failureRate: 0 };
const quickRetry = { ...DEFAULT_EXECUTION, retry: { ...DEFAULT_EXECUTION.retry, attempts: 3, initialDelayMs: 50, maxDelayMs: 200 } };

async function save(g: FlowGraph) {
  const flow = await user.caller.flow.create({ workspaceId: user.workspaceId, name: "rel" });
  await user.caller.flow.save({ flowId: flow.id, graph: g });
  return flow.id;
}

async function nodesOf(runId: string) {
  const detail = await user.caller.run.get({ runId });
  return { detail, nodes: Object.fromEntries(detail.nodeRuns.map((n) => [n.nodeId, n])) };
}

function single(agent: Parameters<typeof node<"agent">>[2]): FlowGraph {
  return graph([node("agent_1", "agent", { userPrompt: "hello", ...agent }), node("out", "output")], [edge("agent_1", "out")]);
}

describe("retries and timeouts", () => {
  it("retries a 429 with backoff and succeeds on the third attempt", async () => {
    const flowId = await save(single({ simulator: { ...sim, failFirst: 2, failKind: "rate_limit", failureRate: 0 }, execution: quickRetry }));
    const { runId } = await user.caller.run.start({ flowId });
    expect(await app.waitForRun(runId)).toBe("succeeded");
    const { nodes } = await nodesOf(runId);
    expect(nodes.agent_1).toMatchObject({ status: "succeeded", attempt: 3 });
    const retries = await app.db.runEvent.findMany({ where: { runId, type: "node.retrying" }, orderBy: { seq: "asc" } });
    expect(retries.map((e) => (e.payload as { attempt: number }).attempt)).toEqual([1, 2]);
    for (const r of retries) expect((r.payload as { delayMs: number }).delayMs).toBeLessThanOrEqual(200);
    const starts = await app.db.runEvent.count({ where: { runId, type: "node.started", nodeId: "agent_1" } });
    expect(starts).toBe(3);
  });

  it("gives up after the last attempt and fails the run with the provider's error", async () => {
    const flowId = await save(single({ simulator: { ...sim, failFirst: 5, failKind: "server_error" }, execution: quickRetry }));
    const { runId } = await user.caller.run.start({ flowId });
    expect(await app.waitForRun(runId)).toBe("failed");
    const { nodes, detail } = await nodesOf(runId);
    expect(nodes.agent_1).toMatchObject({ status: "failed", attempt: 3, error: "Simulator: scripted server error on attempt 3" });
    expect(detail.error).toBe("agent_1: Simulator: scripted server error on attempt 3");
  });

  it("a Simulator failure rate of 1 fails every try with the scripted kind", async () => {
    const flowId = await save(single({ simulator: { ...sim, failureRate: 1, failKind: "server_error" }, execution: quickRetry }));
    const { runId } = await user.caller.run.start({ flowId });
    expect(await app.waitForRun(runId)).toBe("failed");
    expect((await nodesOf(runId)).nodes.agent_1).toMatchObject({ attempt: 3, error: "Simulator: scripted server error on attempt 3" });
  });

  it("does not retry errors the policy does not list", async () => {
    const flowId = await save(single({ simulator: { ...sim, failFirst: 1, failKind: "rate_limit", failureRate: 0 }, execution: { ...quickRetry, retry: { ...quickRetry.retry, on: ["timeout"] } } }));
    const { runId } = await user.caller.run.start({ flowId });
    expect(await app.waitForRun(runId)).toBe("failed");
    expect((await nodesOf(runId)).nodes.agent_1).toMatchObject({ attempt: 1 });
  });

  it("times out a slow call, aborting it", async () => {
    const flowId = await save(single({ simulator: { ...sim, latencyMs: 5_000 }, execution: { ...quickRetry, timeoutMs: 300, retry: { ...quickRetry.retry, attempts: 1 } } }));
    const { runId } = await user.caller.run.start({ flowId });
    expect(await app.waitForRun(runId)).toBe("failed");
    expect((await nodesOf(runId)).nodes.agent_1!.error).toBe("Timed out after 300 ms");
  });

  it("fails a run that passes its time limit", async () => {
    const g = graph([node("input_1", "input", { fields: [] }), node("wait", "delay", { ms: 10_000 }), node("out", "output")], [edge("input_1", "wait"), edge("wait", "out")]);
    const flowId = await save(g);
    const { runId } = await user.caller.run.start({ flowId, timeoutSeconds: 1 });
    expect(await app.waitForRun(runId, 5_000)).toBe("failed");
    const { detail, nodes } = await nodesOf(runId);
    expect(detail.error).toBe("The run reached its time limit");
    // The Delay waited on a time waitpoint (no worker slot) and was cancelled with the run.
    expect(nodes.wait).toMatchObject({ status: "cancelled" });
  });
});

describe("cancel", () => {
  it("stops running nodes promptly, removes queued work and ends cancelled", async () => {
    const g = graph(
      [node("input_1", "input", { fields: [] }), node("slow", "agent", { userPrompt: "x", simulator: { ...sim, latencyMs: 10_000 } }), node("after", "output")],
      [edge("input_1", "slow"), edge("slow", "after")],
    );
    const flowId = await save(g);
    const { runId } = await user.caller.run.start({ flowId });
    const deadline = Date.now() + 5_000;
    while ((await app.db.nodeRun.findFirst({ where: { runId, nodeId: "slow" } }))?.status !== "running" && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    expect(await user.caller.run.cancel({ runId })).toEqual({ cancelled: true });
    expect(await app.waitForRun(runId)).toBe("cancelled");
    const { nodes } = await nodesOf(runId);
    expect(nodes.slow!.status).toBe("cancelled");
    expect(nodes.after).toBeUndefined();
    // The worker really stopped the call: its slot is free long before the 10 s latency.
    const probe = await save(single({ simulator: sim }));
    const next = await user.caller.run.start({ flowId: probe });
    expect(await app.waitForRun(next.runId)).toBe("succeeded");
    expect(await user.caller.run.cancel({ runId })).toEqual({ cancelled: false });
    expect(app.worker?.output()).toContain('"msg":"aborted running nodes"');
  });
});

describe("budget", () => {
  const model = findModel("simulator")!;
  const out = 100;
  const g = () =>
    graph(
      [
        node("first", "agent", { systemPrompt: "", userPrompt: "Write about owls.", maxTokens: 500, simulator: { ...sim, outputTokens: out } }),
        node("second", "agent", { systemPrompt: "", userPrompt: "Improve: {{first.output}}", maxTokens: 500, simulator: { ...sim, outputTokens: out } }),
        node("out", "output"),
      ],
      [edge("first", "second"), edge("second", "out")],
    );

  it("estimates the most a run can cost", async () => {
    const flowId = await save(g());
    const estimate = await user.caller.run.estimate({ flowId });
    const first = callCostNanoUsd(model, countTokens("\n\nWrite about owls."), out);
    // Every attempt may be billed: three by default.
    expect(estimate.perNode.find((n) => n.nodeId === "first")).toMatchObject({ maxNanoUsd: 3 * first, calls: 3 });
    expect(estimate.maxNanoUsd).toBeGreaterThan(3 * first);
  });

  it("does not make a call that would exceed the budget; the run ends budget_exceeded with partial results", async () => {
    const flowId = await save(g());
    const firstMax = callCostNanoUsd(model, countTokens("\n\nWrite about owls."), out);
    const { runId } = await user.caller.run.start({ flowId, budgetUsd: (firstMax + 1_000) / 1e9 });
    expect(await app.waitForRun(runId)).toBe("budget_exceeded");
    const { nodes, detail } = await nodesOf(runId);
    expect(nodes.first!.status).toBe("succeeded");
    expect(nodes.first!.output).toEqual(expect.stringContaining("[Simulator]"));
    expect(nodes.second).toMatchObject({ status: "failed", tokensIn: 0, costNanoUsd: 0 });
    expect(nodes.second!.error).toMatch(/^Budget exceeded: this Simulator .* call could cost up to \$[\d.]+ and \$[\d.]+ remains$/);
    expect(detail.costNanoUsd).toBe(nodes.first!.costNanoUsd);
    expect(detail.costNanoUsd).toBeLessThanOrEqual(usdToNano((firstMax + 1_000) / 1e9));
    const run = await app.db.run.findUniqueOrThrow({ where: { id: runId } });
    expect(run.reservedNanoUsd).toBe(0n);
  });

  it("parallel calls cannot overspend together: reservations are taken atomically", async () => {
    const parallel = graph(
      [
        node("input_1", "input", { fields: [] }),
        ...["a", "b", "c", "d"].map((id) => node(id, "agent", { systemPrompt: "", userPrompt: "Write about owls.", maxTokens: 500, simulator: { ...sim, latencyMs: 300, outputTokens: out } })),
        node("join", "merge", { join: "all" }),
        node("out", "output"),
      ],
      [...["a", "b", "c", "d"].flatMap((id) => [edge("input_1", id), edge(id, "join")]), edge("join", "out")],
    );
    const oneCall = callCostNanoUsd(model, countTokens("\n\nWrite about owls."), out);
    const budget = oneCall * 2 + 500; // room for exactly two calls
    const { runId } = await user.caller.run.start({ flowId: await save(parallel), budgetUsd: budget / 1e9 });
    expect(await app.waitForRun(runId)).toBe("budget_exceeded");
    const run = await app.db.run.findUniqueOrThrow({ where: { id: runId }, include: { nodeRuns: true } });
    const made = run.nodeRuns.filter((n) => ["a", "b", "c", "d"].includes(n.nodeId) && n.costNanoUsd > 0n);
    expect(made.length).toBeLessThanOrEqual(2);
    expect(Number(run.costNanoUsd)).toBeLessThanOrEqual(budget);
    expect(run.reservedNanoUsd).toBe(0n);
  });
});
