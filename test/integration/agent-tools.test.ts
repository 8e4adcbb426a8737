import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { FlowGraph } from "@/lib/flow/graph";
import { makeEdge as edge, makeGraph as graph, makeNode as node } from "@/lib/flow/graph-builder";
import type { FakeLlm } from "../support/fake-llm-server";
import type { TestApp } from "./support/app";
import { createLlmTestApp, type LlmTestApp } from "./support/llm-app";

let app: TestApp;
let llm: FakeLlm;
let user: LlmTestApp["user"];
let credentialId = "";
let setup: LlmTestApp | undefined;
beforeAll(async () => {
  setup = await createLlmTestApp("Tools");
  ({ app, llm, user, credentialId } = setup);
});
afterAll(async () => {
  await setup?.close();
});

function withCalculatorTool(agent: Record<string, unknown>): FlowGraph {
  return graph(
    [
      node("calc", "calculator", { expression: "2 + 3" }),
      node("agent_1", "agent", { userPrompt: "What is six times seven?", simulator: { latencyMs: 0, failWith: "", failFirst: 0, failKind: "rate_limit", failureRate: 0 }, ...agent }),
      node("out", "output"),
    ],
    [edge("calc", "agent_1", "tool", "tools"), edge("agent_1", "out")],
  );
}

async function run(g: FlowGraph) {
  const f = await user.caller.flow.create({ workspaceId: user.workspaceId, name: "tools" });
  await user.caller.flow.save({ flowId: f.id, graph: g });
  const { runId } = await user.caller.run.start({ flowId: f.id });
  const status = await app.waitForRun(runId);
  return { runId, status, detail: await user.caller.run.get({ runId }) };
}

describe("agent tools", () => {
  it("the Simulator calls a connected tool; the tool node never runs on its own", async () => {
    const { status, detail, runId } = await run(withCalculatorTool({}));
    expect(status).toBe("succeeded");
    expect(String((detail.outputs as { out: string }).out)).toMatch(/Tools: calc → 5$/);
    expect(detail.nodeRuns.map((n) => n.nodeId).sort()).toEqual(["agent_1", "out"]);
    const deltas = await app.db.runEvent.findMany({ where: { runId, type: "node.delta" } });
    expect(deltas.map((d) => (d.payload as { text: string }).text).join("")).toContain('[tool calc({"expression":"2 + 3"}) → 5]');
  });

  it("a real provider calls the tool over the wire protocol and answers with its result", async () => {
    const { status, detail } = await run(withCalculatorTool({ model: "openai-compatible", credentialId, customModel: "use-tool-calc" }));
    expect(status).toBe("succeeded");
    expect(detail.outputs).toEqual({ out: "Tool said: 42" });
    const first = llm.requests.find((r) => r.body.model === "use-tool-calc");
    expect(JSON.stringify(first?.body.tools)).toContain('"name":"calc"');
    expect(llm.requests.filter((r) => r.body.model === "use-tool-calc")).toHaveLength(2);
  });

  it("a tool cannot also be wired into the flow, and tool ports only meet tools ports", async () => {
    const g = withCalculatorTool({});
    g.edges.push(edge("calc", "out", "out"));
    const f = await user.caller.flow.create({ workspaceId: user.workspaceId, name: "bad tools" });
    await user.caller.flow.save({ flowId: f.id, graph: g });
    await expect(user.caller.run.start({ flowId: f.id })).rejects.toThrow("calc: A tool is called by its agent; it cannot also be wired into the flow");
    const wrong = withCalculatorTool({});
    wrong.edges.push(edge("calc", "out", "tool", "in"));
    await expect(user.caller.flow.save({ flowId: f.id, graph: wrong })).rejects.toThrow("A tool port connects only to an agent's tools port");
  });
});
