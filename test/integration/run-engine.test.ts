import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { FlowGraph } from "@/lib/flow/graph";
import { sampleGraph } from "@/lib/flow/sample-graph";
import { callCostNanoUsd } from "@/lib/models/cost";
import { findModel } from "@/lib/models/registry";
import { simulate } from "@/lib/models/simulator";
import type { RunEvent } from "@/lib/run/events";
import { createTestApp, type TestApp } from "./support/app";

let app: TestApp;
beforeAll(async () => {
  app = await createTestApp({ worker: true });
});
afterAll(async () => {
  await app?.close();
});

function withAgent(graph: FlowGraph, patch: (data: Extract<FlowGraph["nodes"][number], { type: "agent" }>["data"]) => void): FlowGraph {
  for (const node of graph.nodes) if (node.type === "agent") patch(node.data);
  return graph;
}

/** A server-side caller yields tRPC's raw tracked envelopes ([id, data, marker]); the HTTP client yields { id, data }. */
async function collectEvents(iterable: AsyncIterable<unknown>): Promise<RunEvent[]> {
  const events: RunEvent[] = [];
  for await (const item of iterable) events.push((Array.isArray(item) ? item[1] : (item as { data: unknown }).data) as RunEvent);
  return events;
}

async function flowWith(user: Awaited<ReturnType<TestApp["newUser"]>>, graph: FlowGraph) {
  const flow = await user.caller.flow.create({ workspaceId: user.workspaceId, name: "Tides" });
  await user.caller.flow.save({ flowId: flow.id, graph });
  return flow.id;
}

describe("a run through a real worker process", () => {
  it("runs Input → Agent → Output to success with output, tokens, cost and an ordered event log", async () => {
    const user = await app.newUser("Ada");
    const graph = withAgent(sampleGraph(), (d) => {
      d.simulator.latencyMs = 50;
      d.userPrompt = "Explain {{input.topic}} to a child.";
    });
    const flowId = await flowWith(user, graph);
    const { runId } = await user.caller.run.start({ flowId, inputs: { topic: "tides" } });

    expect(await app.waitForRun(runId)).toBe("succeeded");

    const expected = simulate({ systemPrompt: "You are a helpful assistant.", userPrompt: "Explain tides to a child.", maxTokens: 1024 });
    const expectedCost = callCostNanoUsd(findModel("simulator")!, expected.tokensIn, expected.tokensOut);
    const run = await user.caller.run.get({ runId });
    expect(run.outputs).toEqual({ output_1: expected.text });
    expect(run.tokensIn).toBe(expected.tokensIn);
    expect(run.tokensOut).toBe(expected.tokensOut);
    expect(run.costNanoUsd).toBe(expectedCost);
    expect(expectedCost).toBeGreaterThan(0);
    const byNode = Object.fromEntries(run.nodeRuns.map((n) => [n.nodeId, n]));
    expect(byNode.input_1).toMatchObject({ status: "succeeded", output: { topic: "tides" }, costNanoUsd: 0 });
    expect(byNode.agent_1).toMatchObject({ status: "succeeded", output: expected.text, model: "simulator", costNanoUsd: expectedCost, attempt: 1 });
    expect(byNode.output_1).toMatchObject({ status: "succeeded", output: expected.text });

    const events = await app.db.runEvent.findMany({ where: { runId }, orderBy: { seq: "asc" } });
    expect(events.map((e) => e.seq)).toEqual(events.map((_, i) => i + 1));
    expect(events.map((e) => `${e.type}${e.nodeId ? `:${e.nodeId}` : ""}`)).toEqual([
      "run.queued",
      "node.queued:input_1",
      "run.started",
      "node.started:input_1",
      "node.succeeded:input_1",
      "node.queued:agent_1",
      "node.started:agent_1",
      "node.succeeded:agent_1",
      "node.queued:output_1",
      "node.started:output_1",
      "node.succeeded:output_1",
      "run.succeeded",
    ]);
    const agentDone = events.find((e) => e.type === "node.succeeded" && e.nodeId === "agent_1");
    expect(agentDone?.payload).toMatchObject({ tokensIn: expected.tokensIn, tokensOut: expected.tokensOut, costNanoUsd: expectedCost });
  });

  it("ends a run whose Agent fails as failed, with the error on that node and nothing after it run", async () => {
    const user = await app.newUser("Bob");
    const flowId = await flowWith(
      user,
      withAgent(sampleGraph(), (d) => {
        d.simulator.latencyMs = 10;
        d.simulator.failWith = "provider exploded";
      }),
    );
    const { runId } = await user.caller.run.start({ flowId, inputs: { topic: "volcanoes" } });
    expect(await app.waitForRun(runId)).toBe("failed");
    const run = await user.caller.run.get({ runId });
    expect(run.error).toBe("agent_1: Simulator: provider exploded");
    const byNode = Object.fromEntries(run.nodeRuns.map((n) => [n.nodeId, n]));
    expect(byNode.agent_1).toMatchObject({ status: "failed", error: "Simulator: provider exploded" });
    expect(byNode.output_1).toBeUndefined();
    const last = await app.db.runEvent.findFirst({ where: { runId }, orderBy: { seq: "desc" } });
    expect(last?.type).toBe("run.failed");
  });

  it("runs two independent agents of one flow and joins them at the output", async () => {
    const user = await app.newUser("Cy");
    const graph = sampleGraph();
    const agent = graph.nodes.find((n) => n.type === "agent")!;
    graph.nodes.push({ ...agent, id: "agent_2", position: { x: 300, y: 200 } } as typeof agent);
    graph.edges.push({ id: "e3", source: "input_1", sourceHandle: "out", target: "agent_2", targetHandle: "in" });
    graph.edges.push({ id: "e4", source: "agent_2", sourceHandle: "out", target: "output_1", targetHandle: "in" });
    const flowId = await flowWith(user, withAgent(graph, (d) => (d.simulator.latencyMs = 300)));
    const { runId } = await user.caller.run.start({ flowId, inputs: { topic: "rivers" } });
    expect(await app.waitForRun(runId)).toBe("succeeded");
    const run = await user.caller.run.get({ runId });
    const byNode = Object.fromEntries(run.nodeRuns.map((n) => [n.nodeId, n]));
    // Both agents ran at the same time: each started before the other finished.
    expect(byNode.agent_1!.startedAt!.getTime()).toBeLessThan(byNode.agent_2!.finishedAt!.getTime());
    expect(byNode.agent_2!.startedAt!.getTime()).toBeLessThan(byNode.agent_1!.finishedAt!.getTime());
    expect(byNode.output_1!.output).toEqual([byNode.agent_1!.output, byNode.agent_2!.output]);
    expect(await app.db.nodeRun.count({ where: { runId, nodeId: "output_1" } })).toBe(1);
  });

  it("streams events through the subscription and resumes after the last seq a client saw", async () => {
    const user = await app.newUser("Di");
    const flowId = await flowWith(user, withAgent(sampleGraph(), (d) => (d.simulator.latencyMs = 200)));
    const { runId } = await user.caller.run.start({ flowId, inputs: { topic: "stars" } });

    const live = await collectEvents(await user.caller.run.events({ runId }));
    expect(live.at(-1)?.type).toBe("run.succeeded");
    expect(live.map((e) => e.seq)).toEqual(live.map((_, i) => i + 1));
    expect(live.length).toBe(await app.db.runEvent.count({ where: { runId } }));

    const resumed = await collectEvents(await user.caller.run.events({ runId, lastEventId: "5" }));
    expect(resumed).toEqual(live.slice(5));
  });

  it("refuses to run a flow with problems, naming the node", async () => {
    const user = await app.newUser("Ed");
    const flowId = await flowWith(user, withAgent(sampleGraph(), (d) => (d.userPrompt = "{{input.nope}}")));
    await expect(user.caller.run.start({ flowId, inputs: { topic: "x" } })).rejects.toThrow("agent_1: userPrompt: unknown run input {{input.nope}}");
    await expect(user.caller.run.start({ flowId, inputs: {} })).rejects.toThrow();
    expect(await app.db.run.count({ where: { flowId } })).toBe(0);
  });
});
