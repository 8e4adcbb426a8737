import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { FlowGraph } from "@/lib/flow/graph";
import { makeEdge as edge, makeGraph as graph, makeNode as node } from "@/lib/flow/graph-builder";
import { createTestApp, type TestApp } from "./support/app";

let app: TestApp;
let user: Awaited<ReturnType<TestApp["newUser"]>>;
let other: Awaited<ReturnType<TestApp["newUser"]>>;
beforeAll(async () => {
  app = await createTestApp({ worker: true });
  user = await app.newUser("Parent");
  other = await app.newUser("Elsewhere");
});
afterAll(async () => {
  await app?.close();
});

async function save(owner: typeof user, g: FlowGraph) {
  const flow = await owner.caller.flow.create({ workspaceId: owner.workspaceId, name: "f" });
  await owner.caller.flow.save({ flowId: flow.id, graph: g });
  return flow.id;
}

const childGraph = graph(
  [node("input_1", "input", { fields: [{ name: "name", label: "", required: true, defaultValue: "" }] }), node("greet", "prompt_template", { template: "Hello, {{input.name}}!" }), node("result", "output")],
  [edge("input_1", "greet"), edge("greet", "result")],
);

function parentGraph(flowId: string, extra: FlowGraph["nodes"] = [], extraEdges: FlowGraph["edges"] = []): FlowGraph {
  return graph(
    [
      node("input_1", "input", { fields: [{ name: "who", label: "", required: true, defaultValue: "" }] }),
      node("sub", "subflow", { flowId, inputs: [{ name: "name", value: "{{input.who}} the Great" }] }),
      node("out", "output", { value: "Child said: {{sub.output}}" }),
      ...extra,
    ],
    [edge("input_1", "sub"), edge("sub", "out"), ...extraEdges],
  );
}

describe("sub-flows", () => {
  it("runs the other flow as a child run and continues with its outputs", async () => {
    const childId = await save(user, childGraph);
    const parentId = await save(user, parentGraph(childId));
    const { runId } = await user.caller.run.start({ flowId: parentId, inputs: { who: "Ada" } });
    expect(await app.waitForRun(runId)).toBe("succeeded");
    const parent = await user.caller.run.get({ runId });
    expect(parent.outputs).toEqual({ out: 'Child said: {"result":"Hello, Ada the Great!"}' });
    const child = await app.db.run.findFirstOrThrow({ where: { parentRunId: runId } });
    expect(child).toMatchObject({ status: "succeeded", parentNodeId: "sub", depth: 1, flowId: childId });
  });

  it("a failing child fails the node, which an error port can handle", async () => {
    const failing = await save(user, graph([node("boom", "agent", { userPrompt: "x", simulator: { latencyMs: 0, failWith: "kaput", failFirst: 0, failKind: "rate_limit", failureRate: 0 } }), node("o", "output")], [edge("boom", "o")]));
    const parentId = await save(user, parentGraph(failing, [node("handled", "output", { value: "recovered" })], [edge("sub", "handled", "error")]));
    const { runId } = await user.caller.run.start({ flowId: parentId, inputs: { who: "x" } });
    expect(await app.waitForRun(runId)).toBe("succeeded");
    const run = await user.caller.run.get({ runId });
    expect(run.outputs).toEqual({ handled: "recovered" });
    expect(run.nodeRuns.find((n) => n.nodeId === "sub")?.error).toBe("Sub-flow run failed: boom: Simulator: kaput");
  });

  it("refuses another workspace's flow and stops self-recursion at the depth limit", async () => {
    const foreign = await save(other, childGraph);
    const stolen = await user.caller.run.start({ flowId: await save(user, parentGraph(foreign)), inputs: { who: "x" } });
    expect(await app.waitForRun(stolen.runId)).toBe("failed");
    expect((await user.caller.run.get({ runId: stolen.runId })).error).toBe("sub: Sub-flow could not start: The sub-flow does not exist in this workspace");

    const selfFlow = await user.caller.flow.create({ workspaceId: user.workspaceId, name: "ouroboros" });
    const selfCalling = parentGraph(selfFlow.id);
    const sub = selfCalling.nodes.find((n) => n.id === "sub");
    if (sub?.type === "subflow") sub.data.inputs = [{ name: "who", value: "{{input.who}}" }];
    await user.caller.flow.save({ flowId: selfFlow.id, graph: selfCalling });
    const loop = await user.caller.run.start({ flowId: selfFlow.id, inputs: { who: "x" } });
    expect(await app.waitForRun(loop.runId, 30_000)).toBe("failed");
    expect(await app.db.run.count({ where: { flowId: selfFlow.id } })).toBe(6);
    const deepest = await app.db.run.findFirstOrThrow({ where: { flowId: selfFlow.id }, orderBy: { depth: "desc" } });
    expect(deepest.depth).toBe(5);
    expect((await user.caller.run.get({ runId: deepest.id })).error).toBe("sub: Sub-flow could not start: Sub-flows nest deeper than 5 levels (does a flow call itself?)");
  });

  it("cancelling the parent cancels the child", async () => {
    const slowChild = await save(user, graph([node("input_1", "input", { fields: [{ name: "name", label: "", required: true, defaultValue: "" }] }), node("wait", "delay", { ms: 20_000 }), node("o", "output")], [edge("input_1", "wait"), edge("wait", "o")]));
    const { runId } = await user.caller.run.start({ flowId: await save(user, parentGraph(slowChild)), inputs: { who: "x" } });
    const deadline = Date.now() + 10_000;
    while (!(await app.db.run.findFirst({ where: { parentRunId: runId, status: "running" } })) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    await user.caller.run.cancel({ runId });
    const child = await app.db.run.findFirstOrThrow({ where: { parentRunId: runId } });
    expect(await app.waitForRun(child.id)).toBe("cancelled");
    expect(await app.waitForRun(runId)).toBe("cancelled");
  });
});
