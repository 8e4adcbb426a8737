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
  setup = await createLlmTestApp("Route");
  ({ app, llm, user, credentialId } = setup);
});
afterAll(async () => {
  await setup?.close();
});

function routed(router: Record<string, unknown> = {}): FlowGraph {
  return graph(
    [
      node("input_1", "input", { fields: [{ name: "topic", label: "", required: true, defaultValue: "" }] }),
      node("route", "router", router),
      node("pay", "output", { value: "billing team" }),
      node("fix", "output", { value: "support team" }),
      node("misc", "output", { value: "front desk" }),
    ],
    [edge("input_1", "route"), edge("route", "pay", "billing"), edge("route", "fix", "support"), edge("route", "misc", "other")],
  );
}

async function run(g: FlowGraph, topic: string) {
  const flow = await user.caller.flow.create({ workspaceId: user.workspaceId, name: "router" });
  await user.caller.flow.save({ flowId: flow.id, graph: g });
  const { runId } = await user.caller.run.start({ flowId: flow.id, inputs: { topic } });
  const status = await app.waitForRun(runId);
  return { status, detail: await user.caller.run.get({ runId }) };
}

describe("router node", () => {
  it("with the Simulator, routes by meaning words and skips the other branches", async () => {
    const billing = await run(routed(), "I was charged twice on my invoice");
    expect(billing.status).toBe("succeeded");
    expect(billing.detail.outputs).toEqual({ pay: "billing team" });
    expect(billing.detail.nodeRuns.filter((n) => n.status === "skipped").map((n) => n.nodeId).sort()).toEqual(["fix", "misc"]);
    expect((await run(routed(), "The app crashes at login")).detail.outputs).toEqual({ fix: "support team" });
  });

  it("with a real provider, follows the model's answer, and fails clearly on an answer that names no route", async () => {
    const viaModel = await run(routed({ model: "openai-compatible", credentialId, customModel: "say-other" }), "anything");
    expect(viaModel.detail.outputs).toEqual({ misc: "front desk" });
    const request = llm.requests.find((r) => r.body.model === "say-other");
    expect(JSON.stringify(request?.body)).toContain("- billing: invoices, payments, refunds, charges");
    const confused = await run(routed({ model: "openai-compatible", credentialId, customModel: "say-no idea" }), "anything");
    expect(confused.status).toBe("failed");
    expect(confused.detail.error).toBe('route: The model answered "no idea", which names none of the routes (billing, support, other)');
  });

  it("refuses to save an edge from a route that does not exist", async () => {
    const g = routed();
    g.edges.push(edge("route", "misc", "unknown_route"));
    const flow = await user.caller.flow.create({ workspaceId: user.workspaceId, name: "bad" });
    await expect(user.caller.flow.save({ flowId: flow.id, graph: g })).rejects.toThrow('route has no output "unknown_route"');
  });
});
