import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { FlowGraph } from "@/lib/flow/graph";
import { makeEdge as edge, makeGraph as graph, makeNode as node } from "@/lib/flow/graph-builder";
import { createTestApp, type TestApp } from "./support/app";

let app: TestApp;
let user: Awaited<ReturnType<TestApp["newUser"]>>;
beforeAll(async () => {
  app = await createTestApp({ worker: true });
  user = await app.newUser("Paths");
});
afterAll(async () => {
  await app?.close();
});

const schema = JSON.stringify({
  type: "object",
  required: ["items"],
  properties: { items: { type: "array", minItems: 2, items: { type: "object", required: ["title"], properties: { title: { type: "string" } } } } },
});

function flow(template: string): FlowGraph {
  return graph(
    [
      node("input_1", "input", {
        fields: [
          { name: "payload", label: "", required: true, defaultValue: "" },
          { name: "constructor", label: "", required: false, defaultValue: "built" },
        ],
      }),
      node("agent_1", "agent", { userPrompt: "List things", outputFormat: "json", outputSchema: schema, simulator: { latencyMs: 0, failWith: "", failFirst: 0, failKind: "rate_limit", failureRate: 0 } }),
      node("use", "prompt_template", { template }),
      node("out", "output"),
    ],
    [edge("input_1", "agent_1"), edge("agent_1", "use"), edge("use", "out")],
  );
}

async function start(g: FlowGraph, inputs: Record<string, string>) {
  const f = await user.caller.flow.create({ workspaceId: user.workspaceId, name: "paths" });
  await user.caller.flow.save({ flowId: f.id, graph: g });
  return user.caller.run.start({ flowId: f.id, inputs });
}

async function run(g: FlowGraph, inputs: Record<string, string>) {
  const { runId } = await start(g, inputs);
  const status = await app.waitForRun(runId);
  const detail = await user.caller.run.get({ runId });
  return { status, node: (id: string) => detail.nodeRuns.find((n) => n.nodeId === id)! };
}

describe("{{ }} paths into JSON in a run", () => {
  it("reads a field of an Agent's JSON output, of a JSON run input, and an input named constructor", async () => {
    const { status, node: nodeRun } = await run(flow("{{agent_1.output.items[1].title}} | {{input.payload.name}} | {{input.payload[\"a key\"][0]}} | {{input.constructor}}"), {
      payload: '{"name":"Ada","a key":[7]}',
    });
    expect(status).toBe("succeeded");
    const items = (nodeRun("agent_1").output as { items: { title: string }[] }).items;
    expect(nodeRun("use").output).toBe(`${items[1]?.title} | Ada | 7 | built`);
  });

  it("a path the output lacks at run time fails that node, naming the reference", async () => {
    const { status, node: nodeRun } = await run(flow("{{agent_1.output.items[5].title}}"), { payload: "x" });
    expect(status).toBe("failed");
    expect(nodeRun("use").error).toBe("{{agent_1.output.items[5].title}}: agent_1.output.items has no [5] (it is a list of 2 items)");
  });

  it("a path the output schema does not declare stops the run before it starts, with a did-you-mean", async () => {
    await expect(start(flow("{{agent_1.output.itmes[0].title}}"), { payload: "x" })).rejects.toThrow(
      'use: template: {{agent_1.output.itmes[0].title}}: agent_1.output has no "itmes" in its output schema. Did you mean {{agent_1.output.items[0].title}}?',
    );
  });
});
