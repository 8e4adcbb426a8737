import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEFAULT_EXECUTION } from "@/lib/flow/execution-settings";
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
  setup = await createLlmTestApp("Health", { CIRCUIT_FAILURE_THRESHOLD: "3", CIRCUIT_COOLDOWN_MS: "700", WORKER_CONCURRENCY: "16" });
  ({ app, llm, user, credentialId } = setup);
});
afterAll(async () => {
  await setup?.close();
});

const once = { ...DEFAULT_EXECUTION, retry: { ...DEFAULT_EXECUTION.retry, attempts: 1 } };

function flow(customModel: string, extra: Record<string, unknown> = {}, execution = once): FlowGraph {
  return graph(
    [node("agent_1", "agent", { model: "openai-compatible", credentialId, customModel, userPrompt: "hi", execution, ...extra }), node("out", "output")],
    [edge("agent_1", "out")],
  );
}

async function save(g: FlowGraph) {
  const f = await user.caller.flow.create({ workspaceId: user.workspaceId, name: "health" });
  await user.caller.flow.save({ flowId: f.id, graph: g });
  return f.id;
}

async function runOnce(flowId: string) {
  const { runId } = await user.caller.run.start({ flowId });
  const status = await app.waitForRun(runId);
  const agent = (await user.caller.run.get({ runId })).nodeRuns.find((n) => n.nodeId === "agent_1")!;
  return { status, agent };
}

const callsTo = (model: string) => llm.requests.filter((r) => r.body.model === model).length;

describe("provider health shared by workers", () => {
  it("a circuit opens after repeated failures, fails fast, probes after the cooldown and closes on success", async () => {
    const model = "m-recover-after-3";
    const flowId = await save(flow(model));
    for (let i = 1; i <= 3; i++) expect((await runOnce(flowId)).agent.error).toContain("Provider answered 500");
    expect(callsTo(model)).toBe(3);

    const fast = await runOnce(flowId);
    expect(fast.agent.error).toMatch(/^Circuit open for openai-compatible@.*\/m-recover-after-3/);
    const status = await user.caller.credential.providerStatus({ workspaceId: user.workspaceId });
    expect(status).toEqual([expect.objectContaining({ circuit: `openai-compatible@${llm.url}/v1/m-recover-after-3`, state: "open", failures: 3 })]);
    const outsider = await app.newUser("Outsider");
    expect(await outsider.caller.credential.providerStatus({ workspaceId: outsider.workspaceId })).toEqual([]);
    expect(callsTo(model)).toBe(3);

    const withFallback = await runOnce(await save(flow(model, { fallbackModel: "simulator", simulator: { latencyMs: 0, failWith: "", failFirst: 0, failKind: "rate_limit", failureRate: 0 } })));
    expect(withFallback.status).toBe("succeeded");
    expect(withFallback.agent.model).toBe("simulator");
    expect(callsTo(model)).toBe(3);

    await new Promise((r) => setTimeout(r, 800));
    expect((await runOnce(flowId)).status).toBe("succeeded"); // the probe: call 4 succeeds
    expect((await runOnce(flowId)).status).toBe("succeeded");
    expect(callsTo(model)).toBe(5);
    expect(await user.caller.credential.providerStatus({ workspaceId: user.workspaceId })).toEqual([]);
  });

  it("a 429 seen by one run holds every other run's calls to that provider until Retry-After", async () => {
    const slow = await save(flow("m-slow-down", {}, { ...DEFAULT_EXECUTION, retry: { ...DEFAULT_EXECUTION.retry, attempts: 3, initialDelayMs: 10, maxDelayMs: 50 } }));
    const other = await save(flow("m-other"));
    const first = user.caller.run.start({ flowId: slow });
    const deadline = Date.now() + 5_000;
    while (!llm.requests.some((r) => r.body.model === "m-slow-down") && Date.now() < deadline) await new Promise((r) => setTimeout(r, 10));
    const limitedAt = llm.requests.find((r) => r.body.model === "m-slow-down")!.at;
    const second = await runOnce(other);
    expect(second.status).toBe("succeeded");
    const otherAt = llm.requests.find((r) => r.body.model === "m-other")!.at;
    expect(otherAt - limitedAt).toBeGreaterThanOrEqual(900);
    expect(await app.waitForRun((await first).runId)).toBe("succeeded");
  });
});
