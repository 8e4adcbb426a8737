import { TRPCError } from "@trpc/server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { makeEdge as edge, makeGraph as graph, makeNode as node } from "@/lib/flow/graph-builder";
import { createTestApp, type TestApp } from "./support/app";

let app: TestApp;
let owner: Awaited<ReturnType<TestApp["newUser"]>>;
let stranger: Awaited<ReturnType<TestApp["newUser"]>>;
beforeAll(async () => {
  app = await createTestApp({ worker: true });
  owner = await app.newUser("Boss");
  stranger = await app.newUser("Stranger");
});
afterAll(async () => {
  await app?.close();
});

const flowGraph = graph(
  [
    node("input_1", "input", { fields: [{ name: "amount", label: "", required: true, defaultValue: "" }] }),
    node("draft", "prompt_template", { template: "Refund of {{input.amount}} EUR" }),
    node("gate", "approval", { message: "Send this? {{draft.output}}" }),
    node("send", "prompt_template", { template: "SENT: {{draft.output}}" }),
    node("sent", "output"),
    node("dropped", "output", { value: "Not sent" }),
  ],
  [edge("input_1", "draft"), edge("draft", "gate"), edge("gate", "send", "approved"), edge("send", "sent"), edge("gate", "dropped", "rejected")],
);

async function startWaiting() {
  const flow = await owner.caller.flow.create({ workspaceId: owner.workspaceId, name: "approve" });
  await owner.caller.flow.save({ flowId: flow.id, graph: flowGraph });
  const { runId } = await owner.caller.run.start({ flowId: flow.id, inputs: { amount: "40" } });
  const deadline = Date.now() + 10_000;
  while ((await app.db.run.findUniqueOrThrow({ where: { id: runId } })).status !== "waiting" && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
  return runId;
}

describe("human approval", () => {
  it("waits without holding a worker, then resumes down the approved port without re-running anything", async () => {
    const runId = await startWaiting();
    const gate = await app.db.nodeRun.findFirstOrThrow({ where: { runId, nodeId: "gate" } });
    expect(gate.status).toBe("waiting");
    const waitingEvent = await app.db.runEvent.findFirstOrThrow({ where: { runId, type: "node.waiting" } });
    expect(waitingEvent.payload).toEqual({ message: "Send this? Refund of 40 EUR" });
    // The worker holds nothing for this run while it waits.
    await new Promise((r) => setTimeout(r, 300));
    expect(await app.db.nodeRun.count({ where: { runId, status: { in: ["running", "queued"] } } })).toBe(0);

    expect(await owner.caller.run.decide({ runId, nodeId: "gate", decision: "approved" })).toEqual({ decided: "approved" });
    expect(await app.waitForRun(runId)).toBe("succeeded");
    const run = await owner.caller.run.get({ runId });
    expect(run.outputs).toEqual({ sent: "SENT: Refund of 40 EUR" });
    const statuses = Object.fromEntries(run.nodeRuns.map((n) => [n.nodeId, n.status]));
    expect(statuses).toMatchObject({ gate: "succeeded", send: "succeeded", sent: "succeeded", dropped: "skipped" });
    const starts = await app.db.runEvent.groupBy({ by: ["nodeId"], where: { runId, type: "node.started" }, _count: true });
    expect(Object.fromEntries(starts.map((s) => [s.nodeId, s._count]))).toEqual({ input_1: 1, draft: 1, gate: 1, send: 1, sent: 1 });
    const decided = await app.db.runEvent.findFirstOrThrow({ where: { runId, type: "node.decided" } });
    expect(decided.payload).toMatchObject({ decision: "approved", by: "Boss" });
  });

  it("a rejection continues down the rejected port; deciding twice is refused", async () => {
    const runId = await startWaiting();
    await owner.caller.run.decide({ runId, nodeId: "gate", decision: "rejected", comment: "too much" });
    expect(await app.waitForRun(runId)).toBe("succeeded");
    expect((await owner.caller.run.get({ runId })).outputs).toEqual({ dropped: "Not sent" });
    await expect(owner.caller.run.decide({ runId, nodeId: "gate", decision: "approved" })).rejects.toMatchObject({ code: "CONFLICT" });
  });

  it("only members who may edit can decide", async () => {
    const runId = await startWaiting();
    const attempt = stranger.caller.run.decide({ runId, nodeId: "gate", decision: "approved" });
    await expect(attempt).rejects.toBeInstanceOf(TRPCError);
    await expect(attempt).rejects.toMatchObject({ code: "NOT_FOUND" });
    expect((await app.db.nodeRun.findFirstOrThrow({ where: { runId, nodeId: "gate" } })).status).toBe("waiting");
    await owner.caller.run.cancel({ runId });
    expect(await app.waitForRun(runId)).toBe("cancelled");
  });
});

describe("escalation to a person", () => {
  const escalate = (failure: Record<string, unknown>) =>
    graph(
      [
        node("agent_1", "agent", {
          userPrompt: "hi",
          simulator: { latencyMs: 0, failWith: "", failFirst: 0, failKind: "rate_limit", failureRate: 0, ...failure },
          execution: { timeoutMs: 10_000, onFailure: "escalate", retry: { attempts: 1, initialDelayMs: 10, maxDelayMs: 10, on: ["rate_limit"] } },
        }),
        node("out", "output"),
      ],
      [edge("agent_1", "out")],
    );

  async function startEscalated(failure: Record<string, unknown>) {
    const flow = await owner.caller.flow.create({ workspaceId: owner.workspaceId, name: "escalate" });
    await owner.caller.flow.save({ flowId: flow.id, graph: escalate(failure) });
    const { runId } = await owner.caller.run.start({ flowId: flow.id });
    const deadline = Date.now() + 10_000;
    while ((await app.db.run.findUniqueOrThrow({ where: { id: runId } })).status !== "waiting" && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    return runId;
  }

  it("a final failure asks a person; approving retries the node, which then succeeds", async () => {
    const runId = await startEscalated({ failFirst: 1 });
    const waiting = await app.db.runEvent.findFirstOrThrow({ where: { runId, type: "node.waiting" } });
    expect((waiting.payload as { message: string }).message).toBe("agent_1 failed: Simulator: scripted rate limit on attempt 1. Approve to try again, Reject to fail it.");
    await owner.caller.run.decide({ runId, nodeId: "agent_1", decision: "approved" });
    expect(await app.waitForRun(runId)).toBe("succeeded");
    expect((await app.db.nodeRun.findFirstOrThrow({ where: { runId, nodeId: "agent_1" } })).attempt).toBe(2);
  });

  it("rejecting fails the node and the run with the original error", async () => {
    const runId = await startEscalated({ failWith: "model is down" });
    await owner.caller.run.decide({ runId, nodeId: "agent_1", decision: "rejected" });
    expect(await app.waitForRun(runId)).toBe("failed");
    expect((await owner.caller.run.get({ runId })).error).toBe("agent_1: Simulator: model is down (rejected by Boss)");
  });
});
