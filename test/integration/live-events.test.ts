import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { FlowGraph } from "@/lib/flow/graph";
import { makeEdge as edge, makeGraph as graph, makeNode as node } from "@/lib/flow/graph-builder";
import { TERMINAL_RUN_EVENTS, type RunEvent } from "@/lib/run/events";
import { createTestApp, type TestApp } from "./support/app";

let app: TestApp;
let owner: Awaited<ReturnType<TestApp["newUser"]>>;
let stranger: Awaited<ReturnType<TestApp["newUser"]>>;
beforeAll(async () => {
  app = await createTestApp({ worker: true });
  owner = await app.newUser("Ravi");
  stranger = await app.newUser("Mallory");
});
afterAll(async () => {
  await app?.close();
});

const simulator = { latencyMs: 800, failWith: "", failFirst: 0, failKind: "rate_limit" as const, failureRate: 0 };

// input_1 → writer → (critic_a ∥ critic_b) → merge → editor → final (template) → out.
// Each agent streams node.delta events over ~800 ms, so a run lasts a few seconds and writes dozens of events.
const streamingGraph: FlowGraph = graph(
  [
    node("input_1", "input", { fields: [{ name: "topic", label: "Topic", required: true, defaultValue: "" }] }),
    node("writer", "agent", { userPrompt: "Write a paragraph about {{input.topic}}.", simulator }),
    node("critic_a", "agent", { userPrompt: "Critique for style: {{writer.output}}", simulator }),
    node("critic_b", "agent", { userPrompt: "Critique for facts: {{writer.output}}", simulator }),
    node("merge", "merge"),
    node("editor", "agent", { userPrompt: "Rewrite using these notes.", simulator }),
    node("final", "prompt_template", { template: "FINAL: {{editor.output}}" }),
    node("out", "output"),
  ],
  [
    edge("input_1", "writer"),
    edge("writer", "critic_a"),
    edge("writer", "critic_b"),
    edge("critic_a", "merge"),
    edge("critic_b", "merge"),
    edge("merge", "editor"),
    edge("editor", "final"),
    edge("final", "out"),
  ],
);

type User = typeof owner;

async function createFlow(user: User, name: string) {
  const flow = await user.caller.flow.create({ workspaceId: user.workspaceId, name });
  await user.caller.flow.save({ flowId: flow.id, graph: streamingGraph });
  return flow.id;
}

async function startRun(user: User, flowId: string, topic = "tides") {
  const { runId } = await user.caller.run.start({ flowId, inputs: { topic } });
  return runId;
}

async function runStatus(runId: string) {
  return (await app.db.run.findUniqueOrThrow({ where: { id: runId }, select: { status: true } })).status;
}
const inProgress = (status: string) => status === "queued" || status === "running" || status === "waiting";

/** A server-side caller yields tRPC's raw tracked envelopes ([id, data, marker]); the HTTP client yields { id, data }. */
function unwrap(item: unknown): { id: string; event: RunEvent } {
  if (Array.isArray(item)) return { id: item[0] as string, event: item[1] as RunEvent };
  const { id, data } = item as { id: string; data: RunEvent };
  return { id, event: data };
}

/**
 * Subscribes to run.events and reads until `stopAfter(event)` says so (a disconnect: the loop
 * breaks, which closes the subscription) or the stream ends. Tracked ids must equal the seq.
 */
async function watch(user: User, runId: string, lastEventId: string | null, stopAfter: (event: RunEvent) => boolean = () => false) {
  const events: RunEvent[] = [];
  const stream = await user.caller.run.events({ runId, lastEventId });
  for await (const item of stream) {
    const { id, event } = unwrap(item);
    expect(id).toBe(String(event.seq));
    events.push(event);
    if (stopAfter(event)) break;
  }
  return events;
}

const seqs = (events: readonly RunEvent[]) => events.map((e) => e.seq);
const oneTo = (n: number) => Array.from({ length: n }, (_, i) => i + 1);

async function storedEvents(runId: string) {
  const rows = await app.db.runEvent.findMany({ where: { runId }, orderBy: { seq: "asc" } });
  return rows.map((r) => ({ seq: r.seq, at: r.createdAt.toISOString(), type: r.type, nodeId: r.nodeId, payload: r.payload }));
}

/** Node ids with an event of `type` in the run's log. */
async function nodesWith(runId: string, type: RunEvent["type"]) {
  const rows = await app.db.runEvent.findMany({ where: { runId, type }, select: { nodeId: true } });
  return new Set(rows.map((r) => r.nodeId));
}

describe("live run events", () => {
  it("two viewers watching from the start see the same contiguous log the database holds", async () => {
    const flowId = await createFlow(owner, "two viewers");
    const runId = await startRun(owner, flowId);
    expect(inProgress(await runStatus(runId))).toBe(true);

    const [first, second] = await Promise.all([watch(owner, runId, null), watch(owner, runId, null)]);

    expect(first.at(-1)?.type).toBe("run.succeeded");
    expect(seqs(first)).toEqual(oneTo(first.length));
    expect(second).toEqual(first);
    expect(first.filter((e) => e.type === "node.delta").length).toBeGreaterThanOrEqual(8);
    expect(first.filter((e) => TERMINAL_RUN_EVENTS.has(e.type))).toHaveLength(1);
    expect(first).toEqual(await storedEvents(runId));
  });

  it("a viewer that disconnects at any point and reconnects after its last seq misses nothing and sees nothing twice", async () => {
    const flowId = await createFlow(owner, "reconnects");
    const runId = await startRun(owner, flowId);
    const liveAtDisconnect: Record<string, boolean> = {};

    /** Reads until `k` events, disconnects, notes whether the run was still going, then reads the rest after the last seq seen. */
    const disconnectAfter = async (k: number) => {
      let count = 0;
      const before = await watch(owner, runId, null, () => ++count === k);
      liveAtDisconnect[`after ${k}`] = inProgress(await runStatus(runId));
      expect(before).toHaveLength(k);
      const after = await watch(owner, runId, String(before.at(-1)!.seq));
      return [...before, ...after];
    };

    // A viewer that drops three times: early, mid-run, and one event before the end (after the run finished).
    const chain = async () => {
      const part1 = await watch(owner, runId, null, (e) => e.seq === 2);
      const part2 = await watch(owner, runId, "2", (e) => e.type === "node.delta");
      liveAtDisconnect["at first delta"] = inProgress(await runStatus(runId));
      expect(await app.waitForRun(runId)).toBe("succeeded");
      const total = (await app.db.run.findUniqueOrThrow({ where: { id: runId } })).lastSeq;
      const part3 = await watch(owner, runId, String(part2.at(-1)!.seq), (e) => e.seq === total - 1);
      const part4 = await watch(owner, runId, String(part3.at(-1)!.seq));
      expect(part4).toHaveLength(1);
      return [...part1, ...part2, ...part3, ...part4];
    };

    const [at1, at10, dropped] = await Promise.all([disconnectAfter(1), disconnectAfter(10), chain()]);
    const all = await storedEvents(runId);
    expect(all.at(-1)?.type).toBe("run.succeeded");
    for (const union of [at1, at10, dropped]) {
      expect(seqs(union)).toEqual(oneTo(all.length));
      expect(union).toEqual(all);
    }
    // The last event seen before each reconnect was one before the end, for one of the viewers.
    const lastButOne = await watch(owner, runId, String(all.length - 1));
    expect(seqs(lastButOne)).toEqual([all.length]);
    // The early disconnects happened while the run was still going.
    expect(liveAtDisconnect).toMatchObject({ "after 1": true, "at first delta": true });
  });

  it("a viewer from another workspace gets NOT_FOUND from run.events", async () => {
    const flowId = await createFlow(owner, "private");
    const runId = await startRun(owner, flowId);
    const attempt = async () => {
      const stream = await stranger.caller.run.events({ runId });
      for await (const item of stream) return item;
      return null;
    };
    await expect(attempt()).rejects.toMatchObject({ code: "NOT_FOUND" });
    expect(await app.waitForRun(runId)).toBe("succeeded");
  });

  it("run.activeForFlow names the run while it is in progress and nothing once it finished", async () => {
    const flowId = await createFlow(owner, "active");
    expect(await owner.caller.run.activeForFlow({ flowId })).toEqual({ runId: null });
    const runId = await startRun(owner, flowId);
    expect(await owner.caller.run.activeForFlow({ flowId })).toEqual({ runId });
    expect(await app.waitForRun(runId)).toBe("succeeded");
    expect(await owner.caller.run.activeForFlow({ flowId })).toEqual({ runId: null });
    await expect(stranger.caller.run.activeForFlow({ flowId })).rejects.toMatchObject({ code: "NOT_FOUND" });
  });

  it("run.detail gives each node the values it received, with flow name, starter and version; run.log gives every event", async () => {
    const flowId = await createFlow(owner, "Detail flow");
    const runId = await startRun(owner, flowId, "volcanoes");
    expect(await app.waitForRun(runId)).toBe("succeeded");

    const detail = await owner.caller.run.detail({ runId });
    expect(detail).toMatchObject({ id: runId, status: "succeeded", flowName: "Detail flow", version: 1, startedBy: { name: "Ravi" } });
    const byNode = Object.fromEntries(detail.nodeRuns.map((n) => [n.nodeId, n]));
    expect(Object.keys(byNode).sort()).toEqual(["critic_a", "critic_b", "editor", "final", "input_1", "merge", "out", "writer"]);
    expect(byNode.input_1!.input).toEqual({ topic: "volcanoes" });
    expect(byNode.writer!.input).toEqual({ topic: "volcanoes" });
    expect(byNode.critic_a!.input).toEqual(byNode.writer!.output);
    expect(byNode.merge!.input).toEqual([byNode.critic_a!.output, byNode.critic_b!.output]);
    expect(byNode.editor!.input).toEqual(byNode.merge!.output);
    expect(byNode.final!.input).toEqual(byNode.editor!.output);
    expect(byNode.final!.output).toBe(`FINAL: ${byNode.editor!.output as string}`);
    expect(byNode.out!.input).toEqual(byNode.final!.output);

    const { events, truncated } = await owner.caller.run.log({ runId });
    expect(truncated).toBe(false);
    expect(events).toEqual(await storedEvents(runId));
    expect(seqs(events)).toEqual(oneTo(events.length));

    await expect(stranger.caller.run.detail({ runId })).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(stranger.caller.run.log({ runId })).rejects.toMatchObject({ code: "NOT_FOUND" });
  });
});

describe("re-running a run", () => {
  let flowId: string;
  let original: string;
  beforeAll(async () => {
    flowId = await createFlow(owner, "rerun");
    original = await startRun(owner, flowId, "glaciers");
    expect(await app.waitForRun(original)).toBe("succeeded");
  });

  it("repeats the whole run as a new linked run with the same inputs and flow version", async () => {
    const { runId } = await owner.caller.run.rerun({ runId: original });
    expect(runId).not.toBe(original);
    expect(await app.waitForRun(runId)).toBe("succeeded");
    const [before, after] = await Promise.all([original, runId].map((id) => app.db.run.findUniqueOrThrow({ where: { id } })));
    expect(after).toMatchObject({ rerunOfId: original, trigger: "rerun", flowVersionId: before!.flowVersionId, inputs: { topic: "glaciers" } });
    expect(after!.inputs).toEqual(before!.inputs);
    expect(await nodesWith(runId, "node.started")).toEqual(new Set(["input_1", "writer", "critic_a", "critic_b", "merge", "editor", "final", "out"]));
    expect((await owner.caller.run.get({ runId })).outputs).toEqual((await owner.caller.run.get({ runId: original })).outputs);
  });

  it("from a middle agent: reuses what came before at no cost and runs that agent and everything after it", async () => {
    const { runId } = await owner.caller.run.rerun({ runId: original, fromNodeId: "critic_a" });
    expect(await app.waitForRun(runId)).toBe("succeeded");
    const run = await app.db.run.findUniqueOrThrow({ where: { id: runId } });
    expect(run).toMatchObject({ rerunOfId: original, trigger: "rerun" });

    const reused = ["input_1", "writer", "critic_b"];
    const rerunNodes = ["critic_a", "merge", "editor", "final", "out"];
    const succeeded = await app.db.runEvent.findMany({ where: { runId, type: "node.succeeded" } });
    const payloadOf = (nodeId: string) => succeeded.find((e) => e.nodeId === nodeId)?.payload as Record<string, unknown> | undefined;
    for (const nodeId of reused) expect(payloadOf(nodeId), nodeId).toMatchObject({ reusedFrom: original, costNanoUsd: 0, tokensIn: 0, tokensOut: 0 });
    for (const nodeId of rerunNodes) expect(payloadOf(nodeId)?.reusedFrom, nodeId).toBeUndefined();

    const started = await nodesWith(runId, "node.started");
    expect(started).toEqual(new Set(rerunNodes));
    for (const nodeId of reused) expect(started.has(nodeId), nodeId).toBe(false);

    // Only the re-run agents cost anything: critic_a and editor, as much as in the original run.
    const originalNodes = await app.db.nodeRun.findMany({ where: { runId: original } });
    const originalCost = (ids: string[]) => originalNodes.filter((n) => ids.includes(n.nodeId)).reduce((sum, n) => sum + n.costNanoUsd, 0n);
    expect(run.costNanoUsd).toBe(originalCost(["critic_a", "editor"]));
    expect(run.costNanoUsd).toBeGreaterThan(0n);
    expect((await owner.caller.run.get({ runId })).outputs).toEqual((await owner.caller.run.get({ runId: original })).outputs);

    // The live feed of the re-run reads like any other run's.
    const events = await watch(owner, runId, null);
    expect(seqs(events)).toEqual(oneTo(events.length));
    expect(events.at(-1)?.type).toBe("run.succeeded");
  });

  it("refuses to re-run from a node while the run is still going", async () => {
    const running = await startRun(owner, flowId, "deserts");
    await expect(owner.caller.run.rerun({ runId: running, fromNodeId: "editor" })).rejects.toMatchObject({ code: "BAD_REQUEST" });
    expect(await app.db.run.count({ where: { rerunOfId: running } })).toBe(0);
    expect(await app.waitForRun(running)).toBe("succeeded");
  });

  it("refuses a viewer of another workspace with NOT_FOUND", async () => {
    await expect(stranger.caller.run.rerun({ runId: original })).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(stranger.caller.run.rerun({ runId: original, fromNodeId: "editor" })).rejects.toMatchObject({ code: "NOT_FOUND" });
    expect(await app.db.run.count({ where: { rerunOfId: original, startedById: stranger.id } })).toBe(0);
  });
});
