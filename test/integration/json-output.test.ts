import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { FlowGraph } from "@/lib/flow/graph";
import { makeEdge as edge, makeGraph as graph, makeNode as node } from "@/lib/flow/graph-builder";
import { FAKE_USAGE, type FakeLlm } from "../support/fake-llm-server";
import type { TestApp } from "./support/app";
import { createLlmTestApp, type LlmTestApp } from "./support/llm-app";

let app: TestApp;
let llm: FakeLlm;
let user: LlmTestApp["user"];
let credentialId = "";
let setup: LlmTestApp | undefined;
beforeAll(async () => {
  setup = await createLlmTestApp("Json");
  ({ app, llm, user, credentialId } = setup);
});
afterAll(async () => {
  await setup?.close();
});

const schema = JSON.stringify({ type: "object", required: ["title", "score"], properties: { title: { type: "string" }, score: { type: "integer", minimum: 1, maximum: 5 } } });

function flow(agent: Record<string, unknown>): FlowGraph {
  return graph(
    [
      node("agent_1", "agent", { userPrompt: "Review otters", outputFormat: "json", outputSchema: schema, simulator: { latencyMs: 0, failWith: "", failFirst: 0, failKind: "rate_limit", failureRate: 0 }, ...agent }),
      node("use", "prompt_template", { template: "Got {{agent_1.output}}" }),
      node("out", "output"),
    ],
    [edge("agent_1", "use"), edge("use", "out")],
  );
}

async function run(g: FlowGraph) {
  const f = await user.caller.flow.create({ workspaceId: user.workspaceId, name: "json" });
  await user.caller.flow.save({ flowId: f.id, graph: g });
  const { runId } = await user.caller.run.start({ flowId: f.id });
  const status = await app.waitForRun(runId);
  const detail = await user.caller.run.get({ runId });
  return { status, detail, agent: detail.nodeRuns.find((n) => n.nodeId === "agent_1")! };
}

describe("agent JSON output", () => {
  it("the Simulator answers with JSON matching the schema, passed on as a value", async () => {
    const { status, agent, detail } = await run(flow({}));
    expect(status).toBe("succeeded");
    expect(agent.output).toEqual({ title: expect.any(String), score: expect.any(Number) });
    expect(JSON.parse(String((detail.outputs as { out: string }).out).slice("Got ".length))).toEqual(agent.output);
  });

  it("a provider's reply is parsed and validated; a mismatch fails the node with the reason", async () => {
    const good = await run(flow({ model: "openai-compatible", credentialId, customModel: 'say-{"title":"Otters","score":4}' }));
    expect(good.agent.output).toEqual({ title: "Otters", score: 4 });
    const request = llm.requests.find((r) => String(r.body.model).startsWith("say-{"));
    expect(JSON.stringify(request?.body)).toContain("matching this JSON Schema");
    const wrong = await run(flow({ model: "openai-compatible", credentialId, customModel: 'say-{"title":"Otters","score":9}' }));
    expect(wrong.status).toBe("failed");
    expect(wrong.agent.error).toBe("The reply does not match the output schema: /score must be <= 5");
    const prose = await run(flow({ model: "openai-compatible", credentialId, customModel: "say-sure, here you go" }));
    expect(prose.agent.error).toBe("The reply is not JSON: sure, here you go");
  });

  it("the tokens of a reply that failed its schema count in the node's and the run's cost", async () => {
    const { status, agent, detail } = await run(flow({ model: "openai-compatible", credentialId, customModel: 'say-{"title":"Otters","score":9}' }));
    expect(status).toBe("failed");
    // The provider billed FAKE_USAGE for the reply: it is on the node and on the run.
    expect(agent.tokensIn).toBe(FAKE_USAGE.input);
    expect(agent.tokensOut).toBe(FAKE_USAGE.output);
    expect(detail.tokensIn).toBe(FAKE_USAGE.input);
    expect(detail.tokensOut).toBe(FAKE_USAGE.output);
  });

  it("a call cut short by its timeout while streaming still counts what it streamed", async () => {
    const slow = { latencyMs: 3_000, failWith: "", failFirst: 0, failKind: "rate_limit" as const, failureRate: 0 };
    const g = graph([node("agent_1", "agent", { userPrompt: "Tell me about otters", simulator: slow, execution: { timeoutMs: 1_000, onFailure: "fail", retry: { attempts: 1, initialDelayMs: 10, maxDelayMs: 10, on: [] } } }), node("out", "output")], [
      edge("agent_1", "out"),
    ]);
    const { status, agent, detail } = await run(g);
    expect(status).toBe("failed");
    expect(agent.error).toBe("Timed out after 1000 ms");
    expect(agent.tokensOut).toBeGreaterThan(0);
    expect(agent.costNanoUsd).toBeGreaterThan(0);
    expect(detail.costNanoUsd).toBe(agent.costNanoUsd);
  });

  it("a broken schema stops the run before it starts, on that node", async () => {
    const f = await user.caller.flow.create({ workspaceId: user.workspaceId, name: "bad schema" });
    await user.caller.flow.save({ flowId: f.id, graph: flow({ outputSchema: "{oops" }) });
    await expect(user.caller.run.start({ flowId: f.id })).rejects.toThrow(/agent_1: The output schema is not valid JSON/);
  });
});
