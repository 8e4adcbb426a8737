import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { FlowGraph } from "@/lib/flow/graph";
import { makeEdge as edge, makeGraph as graph, makeNode as node } from "@/lib/flow/graph-builder";
import { createTestApp, type TestApp } from "./support/app";

let app: TestApp;
let user: Awaited<ReturnType<TestApp["newUser"]>>;
let other: Awaited<ReturnType<TestApp["newUser"]>>;
beforeAll(async () => {
  app = await createTestApp({ worker: false });
  user = await app.newUser("Estimator");
  other = await app.newUser("Stranger");
});
afterAll(async () => {
  await app?.close();
});

async function save(owner: typeof user, g: FlowGraph): Promise<string> {
  const flow = await owner.caller.flow.create({ workspaceId: owner.workspaceId, name: "estimate" });
  await owner.caller.flow.save({ flowId: flow.id, graph: g });
  return flow.id;
}

const once = { timeoutMs: 10_000, onFailure: "fail" as const, retry: { attempts: 1, initialDelayMs: 0, maxDelayMs: 0, on: [] } };
const child = () => graph([node("agent_1", "agent", { userPrompt: "Summarise {{input.item}}", maxTokens: 200, execution: once }), node("out", "output")], [edge("agent_1", "out")]);

describe("run.estimate", () => {
  it("counts child flows from their latest version, times a Map's item cap", async () => {
    const childId = await save(user, child());
    const childCost = (await user.caller.run.estimate({ flowId: childId })).maxNanoUsd;
    const parentId = await save(user, graph([node("map_1", "map", { flowId: childId, maxItems: 12 }), node("out", "output")], [edge("map_1", "out")]));
    const estimate = await user.caller.run.estimate({ flowId: parentId });
    // The child's {{input.item}} has no known length at the parent: counted up to the context window, so at least the child alone.
    expect(estimate.maxNanoUsd).toBeGreaterThanOrEqual(12 * childCost);
    expect(estimate.excludes).toEqual([]);
  });

  it("never reads another workspace's flow: a foreign child is left out and labelled so", async () => {
    const foreign = await save(other, child());
    const parentId = await save(user, graph([node("sub_1", "subflow", { flowId: foreign }), node("out", "output")], [edge("sub_1", "out")]));
    const estimate = await user.caller.run.estimate({ flowId: parentId });
    expect(estimate).toMatchObject({ maxNanoUsd: 0, perNode: [], excludes: ["sub-flows"] });
  });

  it("a flow that runs itself is estimated down to the nesting limit, and ends", async () => {
    const flowId = await save(user, child());
    await user.caller.flow.save({
      flowId,
      graph: graph([node("agent_1", "agent", { userPrompt: "Hi", execution: once }), node("sub_1", "subflow", { flowId }), node("out", "output")], [edge("agent_1", "sub_1"), edge("sub_1", "out")]),
    });
    const estimate = await user.caller.run.estimate({ flowId });
    expect(estimate.maxNanoUsd).toBeGreaterThan(0);
    expect(estimate.excludes).toEqual(["sub-flows"]);
  });
});
