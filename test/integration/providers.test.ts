import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEFAULT_EXECUTION } from "@/lib/flow/execution-settings";
import type { FlowGraph } from "@/lib/flow/graph";
import { makeEdge as edge, makeGraph as graph, makeNode as node } from "@/lib/flow/graph-builder";
import { callCostNanoUsd } from "@/lib/models/cost";
import { findModel } from "@/lib/models/registry";
import { FAKE_KEY, FAKE_USAGE, startFakeLlm, type FakeLlm } from "../support/fake-llm-server";
import { createTestApp, type TestApp } from "./support/app";

let app: TestApp;
let llm: FakeLlm;
let user: Awaited<ReturnType<TestApp["newUser"]>>;
let other: Awaited<ReturnType<TestApp["newUser"]>>;
const creds: Record<string, string> = {};

beforeAll(async () => {
  llm = await startFakeLlm();
  // The local model server listens on 127.0.0.1: allowed here as a self-hoster would.
  app = await createTestApp({ worker: true, workerEnv: { HTTP_ALLOWED_HOSTS: "127.0.0.1" } });
  user = await app.newUser("Prov");
  other = await app.newUser("Other");
  for (const [name, provider, baseUrl] of [
    ["openai", "openai", `${llm.url}/v1`],
    ["anthropic", "anthropic", `${llm.url}/v1`],
    ["local", "openai-compatible", `${llm.url}/v1`],
  ] as const) {
    creds[name] = (await user.caller.credential.create({ workspaceId: user.workspaceId, name, provider, baseUrl, apiKey: FAKE_KEY })).id;
  }
  creds.foreign = (await other.caller.credential.create({ workspaceId: other.workspaceId, name: "mine", provider: "openai", baseUrl: `${llm.url}/v1`, apiKey: FAKE_KEY })).id;
});
afterAll(async () => {
  await app?.close();
  await llm?.close();
});

const quickRetry = { ...DEFAULT_EXECUTION, retry: { ...DEFAULT_EXECUTION.retry, attempts: 3, initialDelayMs: 20, maxDelayMs: 100 } };

function agentFlow(model: string, credentialId: string, customModel = ""): FlowGraph {
  return graph(
    [
      node("input_1", "input", { fields: [{ name: "topic", label: "", required: true, defaultValue: "" }] }),
      node("agent_1", "agent", { model, credentialId, customModel, systemPrompt: "Be brief.", userPrompt: "Tell me about {{input.topic}}", execution: quickRetry }),
      node("out", "output"),
    ],
    [edge("input_1", "agent_1"), edge("agent_1", "out")],
  );
}

async function run(g: FlowGraph) {
  const flow = await user.caller.flow.create({ workspaceId: user.workspaceId, name: "prov" });
  await user.caller.flow.save({ flowId: flow.id, graph: g });
  const { runId } = await user.caller.run.start({ flowId: flow.id, inputs: { topic: "otters" } });
  const status = await app.waitForRun(runId);
  const detail = await user.caller.run.get({ runId });
  return { runId, status, detail, agent: detail.nodeRuns.find((n) => n.nodeId === "agent_1")! };
}

describe("model providers through the AI SDK, against servers speaking their wire protocols", () => {
  it.each([
    ["OpenAI", "gpt-4o-mini", "openai", "/v1/chat/completions", "gpt-4o-mini"],
    ["Anthropic", "claude-3-5-haiku", "anthropic", "/v1/messages", "claude-3-5-haiku-latest"],
  ])("%s: streams the reply, records provider usage and prices it", async (_name, model, cred, path, apiModel) => {
    const before = llm.requests.length;
    const { status, agent, runId } = await run(agentFlow(model, creds[cred]!));
    expect(status).toBe("succeeded");
    expect(agent.output).toBe(`Hello from ${apiModel}.`);
    expect(agent).toMatchObject({ tokensIn: FAKE_USAGE.input, tokensOut: FAKE_USAGE.output, model });
    expect(agent.costNanoUsd).toBe(callCostNanoUsd(findModel(model)!, FAKE_USAGE.input, FAKE_USAGE.output));
    const request = llm.requests.slice(before).find((r) => r.path === path);
    expect(request?.body).toMatchObject({ model: apiModel, stream: true });
    expect(JSON.stringify(request?.body)).toContain("Tell me about otters");
    const deltas = await app.db.runEvent.findMany({ where: { runId, type: "node.delta" }, orderBy: { seq: "asc" } });
    expect(deltas.length).toBeGreaterThanOrEqual(2);
    expect(deltas.map((d) => (d.payload as { text: string }).text).join("")).toBe(`Hello from ${apiModel}.`);
  });

  it("OpenAI-compatible endpoints: a 429 is retried and then succeeds", async () => {
    const { status, agent } = await run(agentFlow("openai-compatible", creds.local!, "llama-rate-limited-once"));
    expect(status).toBe("succeeded");
    expect(agent.attempt).toBe(2);
    expect(agent.output).toBe("Hello from llama-rate-limited-once.");
    expect(agent.costNanoUsd).toBe(0);
  });

  it("a 500 is retried up to the policy and then fails with the provider's message", async () => {
    const { status, agent } = await run(agentFlow("openai-compatible", creds.local!, "broken-model"));
    expect(status).toBe("failed");
    expect(agent.attempt).toBe(3);
    expect(agent.error).toContain("Provider answered 500");
  });

  it("a credential of another workspace cannot be used, and a wrong provider is refused", async () => {
    const foreign = await run(agentFlow("gpt-4o-mini", creds.foreign!));
    expect(foreign.status).toBe("failed");
    expect(foreign.agent.error).toBe("This node's credential no longer exists in the workspace; pick another one");
    const mismatch = await run(agentFlow("claude-3-5-haiku", creds.openai!));
    expect(mismatch.agent.error).toBe("The credential is for openai, but Anthropic Claude 3.5 Haiku needs a anthropic credential");
  });

  it("keys are encrypted at rest, never returned by the API and never logged", async () => {
    const listed = await user.caller.credential.list({ workspaceId: user.workspaceId });
    expect(JSON.stringify(listed)).not.toContain(FAKE_KEY);
    expect(listed.map((c) => Object.keys(c).sort())[0]).toEqual(["baseUrl", "createdAt", "id", "name", "provider"]);
    const rows = await app.db.credential.findMany();
    for (const row of rows) expect(row.sealedKey).not.toContain(FAKE_KEY);
    expect(app.worker?.output()).not.toContain(FAKE_KEY);
    await expect(other.caller.credential.delete({ credentialId: creds.openai! })).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(user.caller.credential.list({ workspaceId: other.workspaceId })).rejects.toMatchObject({ code: "NOT_FOUND" });
  });
});
