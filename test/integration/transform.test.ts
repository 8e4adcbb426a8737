import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { FlowGraph } from "@/lib/flow/graph";
import { makeEdge as edge, makeGraph as graph, makeNode as node } from "@/lib/flow/graph-builder";
import { createTestApp, type TestApp } from "./support/app";

let app: TestApp;
let user: Awaited<ReturnType<TestApp["newUser"]>>;
beforeAll(async () => {
  app = await createTestApp({ worker: true });
  user = await app.newUser("Transform");
});
afterAll(async () => {
  await app?.close();
});

async function save(g: FlowGraph): Promise<string> {
  const flow = await user.caller.flow.create({ workspaceId: user.workspaceId, name: "transform" });
  await user.caller.flow.save({ flowId: flow.id, graph: g });
  return flow.id;
}

async function run(g: FlowGraph, inputs: Record<string, string> = {}) {
  const { runId } = await user.caller.run.start({ flowId: await save(g), inputs });
  const status = await app.waitForRun(runId);
  const detail = await user.caller.run.get({ runId });
  return { status, detail, nodes: Object.fromEntries(detail.nodeRuns.map((n) => [n.nodeId, n])) };
}

const sim = { latencyMs: 0, failWith: "", failFirst: 0, failKind: "rate_limit" as const, failureRate: 0 };

describe("the Transform node (two files and a line per registry)", () => {
  it("maps fields of upstream JSON in a run", async () => {
    const result = await run(
      graph(
        [
          node("input_1", "input", { fields: [{ name: "city", label: "", required: true, defaultValue: "" }] }),
          node("order", "code", { code: "return { first: 'Ada', last: 'Lovelace', items: [{ price: 2 }, { price: 3.5 }] };" }),
          node("shape", "transform", {
            fields: [
              { name: "customer.name", expression: 'first & " " & last' },
              { name: "total", expression: "$sum(items.price)" },
              { name: "city", expression: "$inputs.city" },
            ],
          }),
          node("out", "output"),
        ],
        [edge("input_1", "order"), edge("order", "shape"), edge("shape", "out")],
      ),
      { city: "London" },
    );
    expect(result.status).toBe("succeeded");
    expect(result.detail.outputs).toEqual({ out: { customer: { name: "Ada Lovelace" }, total: 5.5, city: "London" } });
  });

  it("an expression that does not parse stops the run before it starts, naming the field", async () => {
    const flowId = await save(graph([node("shape", "transform", { fields: [{ name: "x", expression: "first &" }] }), node("out", "output")], [edge("shape", "out")]));
    await expect(user.caller.run.start({ flowId })).rejects.toThrow(/fields\.0\.expression/);
  });

  it("an agent can call it as a tool", async () => {
    const result = await run(
      graph(
        [
          node("shape", "transform", { fields: [{ name: "shout", expression: "$uppercase(text)" }] }),
          node("agent_1", "agent", { userPrompt: "hello tools", simulator: sim }),
          node("out", "output"),
        ],
        [edge("shape", "agent_1", "tool", "tools"), edge("agent_1", "out")],
      ),
    );
    expect(result.status).toBe("succeeded");
    expect(result.nodes.shape).toBeUndefined();
    const reply = (result.detail.outputs as { out?: unknown } | null)?.out;
    expect(String(reply)).toContain('shape → {"shout":"HELLO TOOLS"}');
  });
});
